/** Malay and English have the same message keys: no label falls back to a key in either language. */
import { describe, expect, it } from 'vitest';

function keys(messages: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    value && typeof value === 'object' ? keys(value as Record<string, unknown>, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('messages', () => {
  it('Malay has every English key and no other', async () => {
    // The message files import react-admin's English only as data; no browser is needed.
    const [{ default: en }, { default: ms }] = await Promise.all([import('../src/i18n/en.ts'), import('../src/i18n/ms.ts')]);
    expect(keys(ms).sort()).toEqual(keys(en).sort());
  });
});
