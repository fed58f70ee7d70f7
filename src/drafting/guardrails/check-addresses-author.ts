import type { Guardrail } from './guardrail.ts';

/** A reply starts with the author's handle, so it reads as an answer to them and not to the room. */
export const checkAddressesAuthor: Guardrail = ({ text, authorHandle }) => {
  const first = /^\s*@(\w{1,15})/.exec(text)?.[1];
  if (first?.toLowerCase() === authorHandle.toLowerCase()) return [];
  return [
    {
      rule: 'addresses-author',
      detail: `The reply must start with @${authorHandle}.`,
    },
  ];
};
