/**
 * What each status means and what to do, in Malay and English. The labels are the database's own
 * (private.status_label, which its notifications use); the database keeps no advice text a client can
 * read, so the advice lives here until it does. zh and ta fall back to English.
 */
import type { Language, RiskStatus, StatusAdvice } from '../types.ts';

type Text = { ms: string; en: string };

const LABELS: Record<RiskStatus, Text> = {
  pending_assessment: { ms: 'Menunggu penilaian', en: 'Pending assessment' },
  low_risk: { ms: 'Risiko rendah', en: 'Low risk' },
  casual_contact: { ms: 'Kontak kasual', en: 'Casual contact' },
  close_contact: { ms: 'Kontak rapat (PUS)', en: 'Close contact (PUS)' },
  pui: { ms: 'Pesakit dalam siasatan (PUI)', en: 'Patient under investigation (PUI)' },
  confirmed: { ms: 'Kes disahkan', en: 'Confirmed case' },
};

const ADVICE: Record<RiskStatus, Text> = {
  pending_assessment: {
    ms: 'Lengkapkan penilaian kesihatan hari ke-0 anda untuk mengetahui status risiko anda.',
    en: 'Complete your day-0 health assessment to find out your risk status.',
  },
  low_risk: {
    ms: 'Teruskan amalan SOP: pakai pelitup muka, basuh tangan dan jaga jarak. Lengkapkan penilaian kesihatan setiap hari.',
    en: 'Keep following the SOP: wear a mask, wash your hands and keep your distance. Complete your health assessment every day.',
  },
  casual_contact: {
    ms: 'Anda mungkin berada berhampiran kes COVID-19. Perhatikan gejala selama 14 hari dan lengkapkan penilaian kesihatan setiap hari.',
    en: 'You may have been near a COVID-19 case. Watch for symptoms for 14 days and complete your health assessment every day.',
  },
  close_contact: {
    ms: 'Anda di bawah pengawasan. Duduk di rumah, jauhi orang lain dan lengkapkan penilaian kesihatan setiap hari; pegawai kesihatan mungkin menghubungi anda.',
    en: 'You are under surveillance. Stay at home, keep away from others and complete your health assessment every day; a health officer may contact you.',
  },
  pui: {
    ms: 'Anda bergejala dan mungkin terdedah. Pergi ke klinik atau pusat saringan terdekat untuk ujian COVID-19 sekarang, dan duduk di rumah sehingga mendapat keputusan.',
    en: 'You have symptoms and may have been exposed. Go to the nearest clinic or screening centre for a COVID-19 test now, and stay at home until you have the result.',
  },
  confirmed: {
    ms: 'Ikut arahan pegawai kesihatan anda dan kekal diasingkan. Dapatkan rawatan segera jika sukar bernafas.',
    en: 'Follow your health officer\'s instructions and stay isolated. Get care at once if you have difficulty breathing.',
  },
};

const SYMPTOMATIC_LOW_RISK: Text = {
  ms: 'Anda melaporkan gejala. Dapatkan rawatan di klinik berhampiran dan elakkan bergaul dengan orang lain sehingga sembuh.',
  en: 'You reported symptoms. Seek medical care at a nearby clinic and avoid contact with others until you are well.',
};

/**
 * The label and advice for a status, in a language (zh and ta fall back to English).
 *
 * @example
 * ```ts
 * statusAdvice('close_contact', 'ms').advice; // "Anda di bawah pengawasan. ..."
 * ```
 */
export function statusAdvice(status: RiskStatus, language: Language = 'ms', symptomatic = false): StatusAdvice {
  const lang = language === 'ms' ? 'ms' : 'en';
  const advice = status === 'low_risk' && symptomatic ? SYMPTOMATIC_LOW_RISK : ADVICE[status];
  return { status, language: lang, label: LABELS[status][lang], advice: advice[lang] };
}
