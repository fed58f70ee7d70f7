import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible server on 127.0.0.1 speaking the Responses
 * (`POST /v1/responses`) and Chat Completions (`POST /v1/chat/completions`) wire
 * formats, so the real `openai` client is tested unmodified. Answers are scripted:
 * a valid or invalid structured output, raw (malformed) text, a status with
 * headers (429 + retry-after, 500), or a delay.
 */
export type FakeRequest = {
  api: 'responses' | 'chat';
  path: string;
  body: Record<string, unknown>;
  /** The structured-output schema name the client asked for. */
  schemaName: string | null;
  /** Instructions / system prompt and the user input, as text. */
  instructions: string;
  input: string;
  headers: IncomingMessage['headers'];
};

export type FakeAnswer =
  | { output: unknown; usage?: { input: number; output: number }; delayMs?: number }
  | { rawText: string; usage?: { input: number; output: number }; delayMs?: number }
  | { status: number; body?: unknown; headers?: Record<string, string>; delayMs?: number }
  | { malformedBody: string; delayMs?: number };

export type FakeOpenAi = {
  /** Base URL for the client (`OPENAI_BASE_URL`), ending in /v1. */
  url: string;
  requests: FakeRequest[];
  /** Answers used in order, before the default handler. */
  enqueue(...answers: FakeAnswer[]): void;
  /** The answer when the queue is empty. */
  setDefault(handler: (request: FakeRequest) => FakeAnswer): void;
  stop(): Promise<void>;
};

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queue: FakeAnswer[] = [];
  const requests: FakeRequest[] = [];
  let fallback: (request: FakeRequest) => FakeAnswer = () => ({
    status: 500,
    body: { error: { message: 'no answer scripted', type: 'server_error' } },
  });

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const api = req.url?.endsWith('/chat/completions')
      ? 'chat'
      : req.url?.endsWith('/responses')
        ? 'responses'
        : null;
    if (req.method !== 'POST' || !api)
      return sendJson(res, 404, {
        error: { message: `Unknown path ${req.url}`, type: 'invalid_request_error' },
      });
    if (!req.headers.authorization?.startsWith('Bearer '))
      return sendJson(res, 401, {
        error: { message: 'Missing API key', type: 'invalid_request_error' },
      });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendJson(res, 400, {
        error: { message: 'Invalid JSON body', type: 'invalid_request_error' },
      });
    }
    const request = describeRequest(api, req, body);
    requests.push(request);
    const answer = queue.shift() ?? fallback(request);
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (res.destroyed) return;
    if ('status' in answer)
      return sendJson(
        res,
        answer.status,
        answer.body ?? { error: { message: `HTTP ${answer.status}`, type: 'server_error' } },
        answer.headers,
      );
    if ('malformedBody' in answer) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(answer.malformedBody);
      return;
    }
    const text = 'rawText' in answer ? answer.rawText : JSON.stringify(answer.output);
    const usage = answer.usage ?? {
      input: Math.ceil((request.instructions.length + request.input.length) / 4),
      output: Math.ceil(text.length / 4),
    };
    const model = String(body.model ?? 'fake-model');
    sendJson(
      res,
      200,
      api === 'responses' ? responsesBody(model, text, usage) : chatBody(model, text, usage),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...answers) => queue.push(...answers),
    setDefault: (handler) => {
      fallback = handler;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function describeRequest(
  api: 'responses' | 'chat',
  req: IncomingMessage,
  body: Record<string, unknown>,
): FakeRequest {
  if (api === 'responses') {
    const format = (body.text as { format?: { name?: string } } | undefined)?.format;
    return {
      api,
      path: req.url ?? '',
      body,
      schemaName: format?.name ?? null,
      instructions: String(body.instructions ?? ''),
      input: typeof body.input === 'string' ? body.input : JSON.stringify(body.input ?? ''),
      headers: req.headers,
    };
  }
  const messages = (body.messages as { role: string; content: unknown }[] | undefined) ?? [];
  const textOf = (role: string) =>
    messages
      .filter((m) => m.role === role)
      .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)))
      .join('\n');
  const format = (body.response_format as { json_schema?: { name?: string } } | undefined)
    ?.json_schema;
  return {
    api,
    path: req.url ?? '',
    body,
    schemaName: format?.name ?? null,
    instructions: textOf('system') || textOf('developer'),
    input: textOf('user'),
    headers: req.headers,
  };
}

function responsesBody(model: string, text: string, usage: { input: number; output: number }) {
  return {
    id: `resp_${Math.random().toString(36).slice(2)}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    error: null,
    incomplete_details: null,
    model,
    output: [
      {
        type: 'message',
        id: `msg_${Math.random().toString(36).slice(2)}`,
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text, annotations: [] }],
      },
    ],
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    usage: {
      input_tokens: usage.input,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: usage.output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: usage.input + usage.output,
    },
  };
}

function chatBody(model: string, text: string, usage: { input: number; output: number }) {
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, refusal: null },
        finish_reason: 'stop',
        logprobs: null,
      },
    ],
    usage: {
      prompt_tokens: usage.input,
      completion_tokens: usage.output,
      total_tokens: usage.input + usage.output,
    },
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
