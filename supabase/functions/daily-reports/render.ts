// Renders a daily report's data (as private.daily_report_data builds it) as CSV and as a self-contained,
// printable HTML document with inline SVG charts, in the subscription's language. No dependencies, so the
// console (or anyone) can render the same way.

export type Language = 'ms' | 'en';

type Counts = Record<string, number | string | undefined>;

interface Area {
  code: string;
  name: string;
  kind: 'state' | 'district';
  events: Counts;
  people_by_status: Counts;
  symptomatic: number | string;
  monitoring: Counts;
}

export interface Person {
  person_id: string;
  full_name: string;
  identity_masked: string | null;
  phone: string | null;
  district_code: string | null;
  status?: string;
  case_number?: string | null;
  since?: string;
  last_report_at?: string | null;
  ends_on?: string;
}

export interface ReportData {
  report_date: string;
  generated_at: string;
  language: Language;
  role: string;
  personal_data: boolean;
  sections: string[];
  scope: { whole_jurisdiction: boolean; states: string[]; districts: string[] };
  max_people_per_list: number;
  figures?: {
    totals: { events: Counts; people_by_status: Counts; symptomatic: number | string; monitoring: Counts };
    areas: Area[];
  };
  high_risk?: {
    counts: Counts;
    people?: Record<string, Person[]>;
  };
}

export const EVENTS = ['registrations', 'first_sign_ins', 'dependent_registrations', 'assessments', 'symptomatic_assessments', 'cases', 'contacts'] as const;
export const STATUSES = ['pending_assessment', 'low_risk', 'casual_contact', 'close_contact', 'pui', 'confirmed'] as const;
export const HIGH_RISK = ['pui', 'test_advised', 'symptomatic_contacts', 'non_reporting', 'confirmed'] as const;
const PEOPLE_LISTS = ['pui', 'test_advised', 'symptomatic_contacts', 'non_reporting'] as const;

const TEXT = {
  ms: {
    title: 'Laporan harian Sejahtera',
    date: 'Tarikh',
    generated: 'Dijana',
    scope: 'Kawasan',
    whole: 'Seluruh bidang kuasa anda',
    aggregates: 'Laporan ini mengandungi angka agregat sahaja: tiada nama, nombor pengenalan, telefon atau alamat.',
    personal: 'SULIT: laporan ini mengandungi data peribadi. Jangan kongsi atau cetak tanpa keperluan.',
    figures: 'Angka hari ini',
    highRisk: 'Ringkasan berisiko tinggi',
    total: 'Jumlah',
    area: 'Kawasan',
    peopleByStatus: 'Orang mengikut status',
    eventsByArea: 'Penilaian mengikut kawasan',
    monitoring: 'Kontak dalam pemantauan',
    nonReporting: 'tidak melapor',
    none: 'Tiada.',
    shown: (n: number, max: number) => `${n} ditunjukkan (maksimum ${max}).`,
    name: 'Nama',
    identity: 'Pengenalan',
    phone: 'Telefon',
    district: 'Daerah',
    caseNumber: 'Kes',
    since: 'Sejak',
    lastReport: 'Laporan terakhir',
    endsOn: 'Tamat pemantauan',
    never: 'tiada',
    events: {
      registrations: 'Pendaftaran',
      first_sign_ins: 'Log masuk kali pertama',
      dependent_registrations: 'Pendaftaran tanggungan',
      assessments: 'Penilaian kesihatan',
      symptomatic_assessments: 'Penilaian bergejala',
      cases: 'Kes disahkan baharu',
      contacts: 'Kontak baharu',
    },
    statuses: {
      pending_assessment: 'Menunggu penilaian',
      low_risk: 'Risiko rendah',
      casual_contact: 'Kontak kasual',
      close_contact: 'Kontak rapat',
      pui: 'PUI',
      confirmed: 'Kes disahkan',
    },
    highRiskItems: {
      pui: 'PUI (disiasat)',
      test_advised: 'Dinasihat ujian (kontak PUI)',
      symptomatic_contacts: 'Kontak bergejala',
      non_reporting: 'Kontak tidak melapor',
      confirmed: 'Kes disahkan',
    },
  },
  en: {
    title: 'Sejahtera daily report',
    date: 'Date',
    generated: 'Generated',
    scope: 'Areas',
    whole: 'Your whole jurisdiction',
    aggregates: 'This report holds aggregate figures only: no name, identity number, phone or address.',
    personal: 'CONFIDENTIAL: this report holds personal data. Do not share or print it without need.',
    figures: 'The day’s figures',
    highRisk: 'High-risk summary',
    total: 'Total',
    area: 'Area',
    peopleByStatus: 'People by status',
    eventsByArea: 'Assessments by area',
    monitoring: 'Contacts under monitoring',
    nonReporting: 'not reporting',
    none: 'None.',
    shown: (n: number, max: number) => `${n} shown (at most ${max}).`,
    name: 'Name',
    identity: 'Identity',
    phone: 'Phone',
    district: 'District',
    caseNumber: 'Case',
    since: 'Since',
    lastReport: 'Last report',
    endsOn: 'Monitoring ends',
    never: 'never',
    events: {
      registrations: 'Registrations',
      first_sign_ins: 'First-time sign-ins',
      dependent_registrations: 'Dependent registrations',
      assessments: 'Health assessments',
      symptomatic_assessments: 'Symptomatic assessments',
      cases: 'New confirmed cases',
      contacts: 'New contacts',
    },
    statuses: {
      pending_assessment: 'Pending assessment',
      low_risk: 'Low risk',
      casual_contact: 'Casual contact',
      close_contact: 'Close contact',
      pui: 'PUI',
      confirmed: 'Confirmed case',
    },
    highRiskItems: {
      pui: 'PUI (under investigation)',
      test_advised: 'Test advised (PUI contacts)',
      symptomatic_contacts: 'Symptomatic contacts',
      non_reporting: 'Non-reporting contacts',
      confirmed: 'Confirmed cases',
    },
  },
};

const n = (value: unknown): number => Number(value ?? 0) || 0;

/** One CSV cell: quoted when needed, and a leading =, +, - or @ defused so a spreadsheet never runs it as a formula. */
function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_COLUMNS = [
  'section', 'area_code', 'area_name', 'metric', 'value',
  'list', 'full_name', 'identity_masked', 'phone', 'district_code', 'status', 'case_number', 'since', 'last_report_at', 'ends_on',
] as const;

/**
 * The report as one CSV table (RFC 4180, CRLF): a row per figure (section figures: each area's and the
 * total's events, people by status and monitoring; section high_risk: the counts), then, in reports that
 * may name people, a row per person on each high-risk list (section high_risk_people). Column names and
 * codes are the same in every language, for spreadsheets and scripts.
 */
export function renderCsv(data: ReportData): string {
  const rows: unknown[][] = [[...CSV_COLUMNS]];
  const figure = (section: string, code: string, name: string, metric: string, value: unknown) =>
    rows.push([section, code, name, metric, n(value)]);
  const areaFigures = (code: string, name: string, a: { events: Counts; people_by_status: Counts; symptomatic: unknown; monitoring: Counts }) => {
    for (const metric of EVENTS) figure('figures', code, name, metric, a.events?.[metric]);
    for (const status of STATUSES) figure('figures', code, name, `people_${status}`, a.people_by_status?.[status]);
    figure('figures', code, name, 'people_symptomatic', a.symptomatic);
    figure('figures', code, name, 'monitoring_active', a.monitoring?.active);
    figure('figures', code, name, 'monitoring_non_reporting', a.monitoring?.non_reporting);
  };
  if (data.figures) {
    for (const area of data.figures.areas) areaFigures(area.code, area.name, area);
    areaFigures('', 'total', data.figures.totals);
  }
  if (data.high_risk) {
    for (const item of HIGH_RISK) figure('high_risk', '', 'total', item, data.high_risk.counts?.[item]);
    for (const list of PEOPLE_LISTS) {
      for (const p of data.high_risk.people?.[list] ?? []) {
        rows.push(['high_risk_people', p.district_code, '', '', '', list, p.full_name, p.identity_masked, p.phone, p.district_code,
          p.status ?? 'pui', p.case_number ?? '', p.since ?? '', p.last_report_at ?? '', p.ends_on ?? '']);
      }
    }
  }
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

const escapeHtml = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const COLOURS: Record<string, string> = {
  pending_assessment: '#6b7280', low_risk: '#15803d', casual_contact: '#ca8a04', close_contact: '#c2410c', pui: '#b91c1c', confirmed: '#7f1d1d',
};

/** A horizontal bar chart as inline SVG, with its figures written out (readable when printed in grey, and by screen readers). */
function barChart(title: string, bars: { label: string; value: number; colour?: string }[]): string {
  const width = 700;
  const labelWidth = 270;
  const barHeight = 22;
  const gap = 8;
  const height = bars.length * (barHeight + gap) + gap;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const body = bars
    .map((b, i) => {
      const y = gap + i * (barHeight + gap);
      const w = Math.round(((width - labelWidth - 70) * b.value) / max);
      return `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escapeHtml(b.label)}</text>` +
        `<rect x="${labelWidth}" y="${y}" width="${Math.max(w, b.value ? 2 : 0)}" height="${barHeight}" fill="${b.colour ?? '#0b5394'}"/>` +
        `<text x="${labelWidth + w + 6}" y="${y + 16}">${b.value.toLocaleString('en-GB')}</text>`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" font-size="13" font-family="system-ui, sans-serif">${body}</svg></figure>`;
}

function dateTime(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  return new Date(value).toLocaleString(language === 'ms' ? 'ms-MY' : 'en-GB', { timeZone: 'Asia/Kuala_Lumpur', dateStyle: 'medium', timeStyle: 'short' });
}

/** The report as a self-contained HTML page (no script, no external resource): headings, tables and SVG charts, printable on A4. */
export function renderDocument(data: ReportData): string {
  const language: Language = data.language === 'ms' ? 'ms' : 'en';
  const t = TEXT[language];
  const scope = data.scope.whole_jurisdiction ? t.whole : [...data.scope.states, ...data.scope.districts].join(', ');
  const parts: string[] = [];
  parts.push(`<header><h1>${t.title}</h1><dl>
<dt>${t.date}</dt><dd>${escapeHtml(data.report_date)}</dd>
<dt>${t.scope}</dt><dd>${escapeHtml(scope)}</dd>
<dt>${t.generated}</dt><dd>${escapeHtml(dateTime(data.generated_at, language))}</dd></dl>
<p class="${data.personal_data ? 'confidential' : 'note'}">${data.personal_data ? t.personal : t.aggregates}</p></header>`);

  if (data.figures) {
    const { totals, areas } = data.figures;
    const eventRows = EVENTS.map((metric) => `<tr><th scope="row">${t.events[metric]}</th><td>${n(totals.events?.[metric]).toLocaleString('en-GB')}</td></tr>`).join('');
    parts.push(`<section><h2>${t.figures}</h2>
<table class="figures"><tbody>${eventRows}
<tr><th scope="row">${t.monitoring}</th><td>${n(totals.monitoring?.active).toLocaleString('en-GB')} (${n(totals.monitoring?.non_reporting).toLocaleString('en-GB')} ${t.nonReporting})</td></tr></tbody></table>
${barChart(t.peopleByStatus, STATUSES.map((status) => ({ label: t.statuses[status], value: n(totals.people_by_status?.[status]), colour: COLOURS[status] })))}
${areas.length > 1 ? barChart(t.eventsByArea, areas.map((a) => ({ label: a.name, value: n(a.events?.assessments) }))) : ''}
<table class="areas"><thead><tr><th scope="col">${t.area}</th>${['registrations', 'assessments', 'cases', 'contacts'].map((m) => `<th scope="col">${t.events[m as keyof typeof t.events]}</th>`).join('')}<th scope="col">${t.statuses.pui}</th><th scope="col">${t.statuses.confirmed}</th><th scope="col">${t.monitoring}</th></tr></thead>
<tbody>${areas.map((a) => `<tr><th scope="row">${escapeHtml(a.name)} <small>${escapeHtml(a.code)}</small></th>${['registrations', 'assessments', 'cases', 'contacts'].map((m) => `<td>${n(a.events?.[m]).toLocaleString('en-GB')}</td>`).join('')}<td>${n(a.people_by_status?.pui)}</td><td>${n(a.people_by_status?.confirmed)}</td><td>${n(a.monitoring?.active)}</td></tr>`).join('')}</tbody></table>
</section>`);
  }

  if (data.high_risk) {
    const counts = data.high_risk.counts ?? {};
    parts.push(`<section><h2>${t.highRisk}</h2>
${barChart(t.highRisk, HIGH_RISK.map((item) => ({ label: t.highRiskItems[item], value: n(counts[item]), colour: item === 'non_reporting' ? '#6b21a8' : '#b91c1c' })))}`);
    if (data.high_risk.people) {
      for (const list of PEOPLE_LISTS) {
        const people = data.high_risk.people[list] ?? [];
        const monitoringList = list !== 'pui';
        parts.push(`<h3>${t.highRiskItems[list]}: ${n(counts[list]).toLocaleString('en-GB')}</h3>`);
        if (!people.length) {
          parts.push(`<p>${t.none}</p>`);
          continue;
        }
        if (people.length < n(counts[list])) parts.push(`<p>${t.shown(people.length, data.max_people_per_list)}</p>`);
        parts.push(`<table class="people"><thead><tr><th scope="col">${t.name}</th><th scope="col">${t.identity}</th><th scope="col">${t.phone}</th><th scope="col">${t.district}</th>${monitoringList ? `<th scope="col">${t.caseNumber}</th><th scope="col">${t.lastReport}</th><th scope="col">${t.endsOn}</th>` : `<th scope="col">${t.since}</th>`}</tr></thead><tbody>${people
          .map((p) => `<tr><td>${escapeHtml(p.full_name)}</td><td>${escapeHtml(p.identity_masked)}</td><td>${escapeHtml(p.phone)}</td><td>${escapeHtml(p.district_code)}</td>${monitoringList
            ? `<td>${escapeHtml(p.case_number)}</td><td>${p.last_report_at ? escapeHtml(dateTime(p.last_report_at, language)) : t.never}</td><td>${escapeHtml(p.ends_on)}</td>`
            : `<td>${escapeHtml(dateTime(p.since, language))}</td>`}</tr>`)
          .join('')}</tbody></table>`);
      }
    }
    parts.push('</section>');
  }

  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title} ${escapeHtml(data.report_date)}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;color:#1a1a1a;max-width:60rem;margin:0 auto;padding:1.5rem}
h1{margin:0 0 .5rem}h2{border-bottom:2px solid #0b5394;padding-bottom:.2rem;margin-top:2rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dt{font-weight:600}dd{margin:0}
.confidential{background:#fef2f2;border-left:4px solid #b91c1c;padding:.5rem .75rem}.note{background:#eff6ff;border-left:4px solid #0b5394;padding:.5rem .75rem}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-variant-numeric:tabular-nums}th,td{border:1px solid #d1d5db;padding:.3rem .5rem;text-align:left}
td{text-align:right}.people td{text-align:left}thead th{background:#f3f4f6}small{color:#4b5563}
figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.25rem}svg text{fill:#1a1a1a}
@media print{body{padding:0;font-size:11pt}section{break-inside:avoid-page}table,figure{break-inside:avoid}h2{break-after:avoid}}
@page{size:A4;margin:15mm}
</style></head><body>
${parts.join('\n')}
</body></html>
`;
}

/** The email's plain-text part: the headline figures, for mail clients that show no HTML. */
export function renderText(data: ReportData): string {
  const language: Language = data.language === 'ms' ? 'ms' : 'en';
  const t = TEXT[language];
  const lines = [`${t.title}: ${data.report_date}`, ''];
  if (data.figures) {
    for (const metric of EVENTS) lines.push(`${t.events[metric]}: ${n(data.figures.totals.events?.[metric])}`);
    lines.push(`${t.monitoring}: ${n(data.figures.totals.monitoring?.active)}`, '');
  }
  if (data.high_risk) for (const item of HIGH_RISK) lines.push(`${t.highRiskItems[item]}: ${n(data.high_risk.counts?.[item])}`);
  lines.push('', data.personal_data ? t.personal : t.aggregates);
  return lines.join('\n');
}

/** The email's subject, in the report's language. */
export function subjectOf(data: ReportData): string {
  return `${TEXT[data.language === 'ms' ? 'ms' : 'en'].title}: ${data.report_date}`;
}
