/**
 * @sejahtera/sdk: the typed client that apps embed to reach Sejahtera.
 *
 * @example
 * ```ts
 * import { createSejahtera } from '@sejahtera/sdk';
 * const sejahtera = createSejahtera({ url: 'http://127.0.0.1:54321', anonKey });
 * await sejahtera.auth.signInWithPassword({ email: 'aminah@sejahtera.test', password: 'Sejahtera-dev-2026' });
 * const { status, advice } = await sejahtera.status.current();
 * ```
 *
 * This entry holds what the public and third-party apps use; staff apps import `@sejahtera/sdk/staff`,
 * which adds tracing, labs, analytics and the staff side of announcements, feedback and privacy.
 *
 * @module
 */
import { type ExistingClientOptions, SejahteraClient, type SejahteraOptions } from './SejahteraClient.ts';

export { SejahteraClient } from './SejahteraClient.ts';
export type { CommonOptions, ExistingClientOptions, SejahteraOptions, SupabaseClientLike } from './SejahteraClient.ts';
export { Auth, type PendingSignUp, type SignedIn } from './resources/Auth.ts';
export { Profile } from './resources/Profile.ts';
export { Dependents } from './resources/Dependents.ts';
export { Assessments } from './resources/Assessments.ts';
export { Status } from './resources/Status.ts';
export { Privacy } from './resources/Privacy.ts';
export { Notifications } from './resources/Notifications.ts';
export { Announcements } from './resources/Announcements.ts';
export { Feedback } from './resources/Feedback.ts';
export { Geography } from './resources/Geography.ts';
export { OfflineQueue, createOfflineQueue } from './offline/OfflineQueue.ts';
export type { FlushResult, OfflineQueueOptions, OnlineEventSource, QueuedAssessment } from './offline/OfflineQueue.ts';
export { keyValueStorage, memoryStorage } from './offline/storage.ts';
export type { KeyValueStore, QueueStorage } from './offline/storage.ts';
export type { RequestOptions, SubmitOptions } from './lib/Transport.ts';
export type { RetryOptions } from './lib/retry.ts';
export {
  AbortError,
  AuthError,
  ConflictError,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  SejahteraError,
  ServerError,
  ValidationError,
  isAuthError,
  isConflictError,
  isNetworkError,
  isNotFoundError,
  isPermissionError,
  isRateLimitError,
  isSejahteraError,
  isValidationError,
} from './lib/errors.ts';
export type {
  AuthErrorCode,
  ErrorDetails,
  FieldErrorCode,
  FieldErrors,
  FieldIssue,
  SejahteraErrorCode,
  SejahteraErrorInit,
  SejahteraErrorJSON,
  ServerErrorCode,
} from './lib/errors.ts';
export { fieldIssues } from './lib/mapErrors.ts';
export type { ZodErrorLike, ZodIssueLike } from './lib/mapErrors.ts';
export { statusAdvice } from './lib/advice.ts';
export { newIdempotencyKey } from './lib/idempotency.ts';
export * from './schemas/common.ts';
export * from './schemas/auth.ts';
export * from './schemas/persons.ts';
export * from './schemas/assessments.ts';
export * from './schemas/communications.ts';
export type * from './types.ts';
export type {
  Announcement,
  Device,
  DevicePlatform,
  FeedbackMessage,
  FeedbackThread,
  FeedbackTicket,
  FeedbackTicketSummary,
  InboxNotification,
  InboxPage,
  NotificationKind,
} from './communications.types.ts';
export type { DataExport, ExportedPerson } from './privacy.types.ts';
// Who a published announcement is for; the schema that checks it is for staff, who write announcements.
export type { AnnouncementTarget } from './schemas/staffCommunications.ts';
// The rows a person's own data export holds of their cases, exposures, monitoring and test results.
export type { Case, Contact, LabResult, Monitoring } from './tracing.types.ts';
export type { Enums, Tables, TablesInsert, TablesUpdate } from './database.types.ts';
export { Constants } from './database.types.ts';

/**
 * Creates the Sejahtera client: from the project's URL and anon key (it then creates and owns one
 * supabase-js client), or around a supabase-js client the app already has (`{ client }`, e.g. the one
 * @supabase/ssr creates per request, whose cookies hold the session).
 *
 * @example
 * ```ts
 * const sejahtera = createSejahtera({ url: import.meta.env.PUBLIC_SUPABASE_URL, anonKey: import.meta.env.PUBLIC_SUPABASE_ANON_KEY });
 * // on a server, per request:
 * const sejahtera = createSejahtera({ client: event.locals.supabase });
 * ```
 */
export function createSejahtera(options: SejahteraOptions | ExistingClientOptions): SejahteraClient {
  return new SejahteraClient(options);
}
