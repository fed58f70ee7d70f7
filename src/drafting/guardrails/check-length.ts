import type { Guardrail } from './guardrail.ts';
import { MAX_REPLY_LENGTH, weighReply } from './weigh-reply.ts';

export const checkLength: Guardrail = ({ text }) => {
  if (text.trim().length === 0) return [{ rule: 'empty', detail: 'The reply is empty.' }];
  const length = weighReply(text);
  if (length <= MAX_REPLY_LENGTH) return [];
  return [
    {
      rule: 'length',
      detail: `${length} weighted characters; X allows ${MAX_REPLY_LENGTH} (URLs count 23, Korean and emoji 2). Shorten by ${length - MAX_REPLY_LENGTH}.`,
    },
  ];
};
