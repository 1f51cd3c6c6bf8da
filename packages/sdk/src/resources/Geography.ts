import * as z from 'zod/mini';
import type { RequestOptions, Transport } from '../lib/Transport.ts';
import { languageSchema } from '../schemas/common.ts';
import type { District, Language, State } from '../types.ts';

const stateCodeSchema = z.string().check(z.regex(/^MY-[0-9]{2}$/, { error: 'must be a state code, e.g. MY-10' }));

/**
 * Malaysia's states and federal territories and their districts: public reference data for forms (a
 * district picker), read once per client and kept, since only a migration changes it.
 */
export class Geography {
  private readonly transport: Transport;
  private readonly tables = new Map<string, unknown[]>();

  constructor(transport: Transport) {
    this.transport = transport;
  }

  /**
   * The 13 states and 3 federal territories, by name in `language` (default: the client's; Malay for any
   * language but English). Read once per client; works signed out. Throws ValidationError (`language`).
   *
   * @example
   * ```ts
   * const states = await sejahtera.geography.states({ language: 'en' });
   * states.find((s) => s.code === 'MY-07')?.name; // "Penang"
   * ```
   */
  async states(params: { language?: Language } = {}, options: RequestOptions = {}): Promise<State[]> {
    const language = this.transport.parse(z.object({ language: z.optional(languageSchema) }), params).language ?? this.transport.language;
    const rows = (await this.read('states', options)) as Array<State & { name_ms: string; name_en: string }>;
    return rows
      .map(({ code, name_ms, name_en, kind }) => ({ code, name: language === 'en' ? name_en : name_ms, kind }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Districts by name (their official Malay names): all, or those of one state (`state_code`, e.g.
   * MY-10). Read once per client; works signed out. Throws ValidationError (`state_code` not a state code).
   *
   * @example
   * ```ts
   * const selangor = await sejahtera.geography.districts({ state_code: 'MY-10' });
   * selangor.find((d) => d.name === 'Petaling')?.code; // "MY-10-07"
   * ```
   */
  async districts(params: { state_code?: string } = {}, options: RequestOptions = {}): Promise<District[]> {
    const { state_code: state } = this.transport.parse(z.object({ state_code: z.optional(stateCodeSchema) }), params);
    const rows = (await this.read('districts', options)) as District[];
    return rows.filter((row) => !state || row.state_code === state);
  }

  /** A whole reference table, ordered by name: read once, then kept (a failed read is not kept, so the next call tries again). */
  private async read(table: 'states' | 'districts', options: RequestOptions): Promise<unknown[]> {
    let rows = this.tables.get(table);
    if (!rows) {
      const columns = table === 'states' ? 'code, name_ms, name_en, kind' : 'code, name, state_code';
      rows = (await this.transport.request('safe', (signal) => this.transport.supabase.from(table).select(columns).order(table === 'states' ? 'code' : 'name').abortSignal(signal), options)) ?? [];
      this.tables.set(table, rows);
    }
    return rows;
  }
}
