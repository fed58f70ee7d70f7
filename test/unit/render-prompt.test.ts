import { describe, expect, it } from 'vitest';
import { renderPrompt } from '../../src/prompts/render-prompt.ts';

describe('renderPrompt', () => {
  it('refuses to render a prompt that does not exist, saying where it should be', () => {
    expect(() => renderPrompt('no-such-prompt', {})).toThrow(
      /prompts\/no-such-prompt\.md is missing/,
    );
  });
});
