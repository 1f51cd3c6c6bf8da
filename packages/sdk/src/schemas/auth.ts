/** Signing up, in and out, and resetting a password: what a form may send. */
import * as z from 'zod/mini';
import { emailSchema, malaysianMobileSchema, passwordSchema, phoneSchema, urlSchema } from './common.ts';

/** A one-time code as sent by SMS or email (six digits). */
export const otpCodeSchema = z.string().check(z.trim(), z.regex(/^[0-9]{6}$/, { error: 'must be the 6-digit code we sent' }));

/** Registration by phone: a Malaysian mobile number, verified by a code sent by SMS, and a password. */
export const phoneSignUpSchema = z.object({ phone: malaysianMobileSchema, password: passwordSchema });

/** The code that verifies a phone number after sign-up. */
export const verifyPhoneSchema = z.object({ phone: malaysianMobileSchema, code: otpCodeSchema });

/** Sending the phone's code again. */
export const resendPhoneCodeSchema = z.object({ phone: malaysianMobileSchema });

/** Signing in with a password, by email or by phone. */
export const passwordSignInSchema = z.union([
  z.object({ email: emailSchema, password: z.string().check(z.minLength(1, { error: 'is required' })) }),
  z.object({ phone: phoneSchema, password: z.string().check(z.minLength(1, { error: 'is required' })) }),
]);

/** Asking to reset a forgotten password: a code goes to the email or phone. */
export const passwordResetSchema = z.union([
  z.object({ email: emailSchema, redirectTo: z.optional(urlSchema) }),
  z.object({ phone: malaysianMobileSchema }),
]);

/** The code from a password reset, which signs the person in so they can choose a new password. */
export const verifyPasswordResetSchema = z.union([
  z.object({ email: emailSchema, code: otpCodeSchema }),
  z.object({ phone: malaysianMobileSchema, code: otpCodeSchema }),
]);

/** A new password for the signed-in person. */
export const newPasswordSchema = z.object({ password: passwordSchema });

/** What `auth.signUpWithPhone` takes. */
export type PhoneSignUpInput = z.input<typeof phoneSignUpSchema>;
/** What `auth.verifyPhone` takes. */
export type VerifyPhoneInput = z.input<typeof verifyPhoneSchema>;
/** What `auth.signInWithPassword` takes: an email or a phone, and the password. */
export type PasswordSignInInput = z.input<typeof passwordSignInSchema>;
/** What `auth.requestPasswordReset` takes. */
export type PasswordResetInput = z.input<typeof passwordResetSchema>;
/** What `auth.verifyPasswordReset` takes. */
export type VerifyPasswordResetInput = z.input<typeof verifyPasswordResetSchema>;
