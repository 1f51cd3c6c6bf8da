/**
 * POST /admin/generate_link (adminGenerateLink in api/mail.go): the link and code an email would
 * carry, made without sending anything, for servers that send their own emails. The user row is
 * prepared exactly as if the email had gone out, so the link and code verify.
 */
import { auditLog } from './audit.ts';
import { requireAdmin } from './auth.ts';
import { generateOtp, generatePassword, generateTokenHash } from './crypto.ts';
import { transaction } from './db.ts';
import { badRequest, DUPLICATE_EMAIL_MESSAGE, notFound, unprocessable } from './errors.ts';
import { createIdentity, providerClaims } from './identities.ts';
import { emailActionLink } from './mailer.ts';
import { createOneTimeToken } from './one-time-tokens.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';
import { getReferrer, isRedirectUrlValid } from './redirect.ts';
import { clientIp, readParams, requestAud, type Api, type Ctx } from './request.ts';
import { signupNewUser, validateEmail } from './signup.ts';
import {
  findUserByEmailAndAudience,
  isConfirmed,
  isDuplicatedEmail,
  saveUser,
  updateUserMetaData,
  userJSON,
  type User,
} from './users.ts';

export async function generateLink(api: Api, c: Ctx): Promise<Response> {
  const { actor } = await requireAdmin(api, c);
  const params = await readParams(c, 'GenerateLinkParams');
  const { settings } = api;
  let type = params.string('type');
  const email = validateEmail(params.string('email'));
  let password = params.string('password');
  const data = params.object('data') ?? {};
  const requested = params.string('redirect_to');
  const redirectTo = isRedirectUrlValid(settings, requested) ? requested : getReferrer(settings, c.req);
  const aud = requestAud(api, c);

  let user = await findUserByEmailAndAudience(api.pool, email, aud);
  if (!user) {
    if (type === 'magiclink') {
      // A magic link for a new address signs it up.
      type = 'signup';
      password = generatePassword(settings.passwordRequiredCharacters);
    } else if (['recovery', 'email_change_current', 'email_change_new'].includes(type)) {
      throw notFound('user_not_found', 'User with this email not found');
    }
  }

  const otp = generateOtp(settings.emailOtpLength);
  const hashedToken = generateTokenHash(email, otp);

  let encryptedPassword: string | null = null;
  if (type === 'signup' && !user) {
    if (!password) throw badRequest('validation_failed', 'Signup requires a valid password');
    checkPasswordStrength(settings, password);
    encryptedPassword = await hashPassword(password);
  }

  let linkToken = '';
  let linkType = type;
  const ip = clientIp(c);
  user = await transaction(api.pool, async (tx): Promise<User> => {
    let target = user;
    const now = new Date();
    const signUp = async (passwordHash: string) => {
      const created = await signupNewUser(api, tx, { email, encryptedPassword: passwordHash, userMetaData: data, provider: 'email', aud });
      created.identities = [await createIdentity(tx, created.id, 'email', providerClaims({ sub: created.id, email: created.email }))];
      return created;
    };
    switch (type) {
      case 'magiclink':
      case 'recovery':
        await auditLog(tx, ip, target!, 'user_recovery_requested');
        target!.recoveryToken = hashedToken;
        target!.recoverySentAt = now;
        await saveUser(tx, target!, 'recoveryToken', 'recoverySentAt');
        await createOneTimeToken(tx, target!.id, target!.email, hashedToken, 'recovery_token');
        linkToken = target!.recoveryToken;
        break;
      case 'invite':
        if (target) {
          if (isConfirmed(target)) throw unprocessable('email_exists', DUPLICATE_EMAIL_MESSAGE);
        } else {
          target = await signUp('');
        }
        await auditLog(tx, ip, actor, 'user_invited', { user_id: target.id, user_email: target.email });
        target.confirmationToken = hashedToken;
        target.confirmationSentAt = now;
        target.invitedAt = now;
        await saveUser(tx, target, 'confirmationToken', 'confirmationSentAt', 'invitedAt');
        await createOneTimeToken(tx, target.id, target.email, hashedToken, 'confirmation_token');
        linkToken = target.confirmationToken;
        break;
      case 'signup':
        if (target) {
          if (isConfirmed(target)) throw unprocessable('email_exists', DUPLICATE_EMAIL_MESSAGE);
          await updateUserMetaData(tx, target, data);
        } else {
          target = await signUp(encryptedPassword!);
        }
        target.confirmationToken = hashedToken;
        target.confirmationSentAt = now;
        await saveUser(tx, target, 'confirmationToken', 'confirmationSentAt');
        await createOneTimeToken(tx, target.id, target.email, hashedToken, 'confirmation_token');
        linkToken = target.confirmationToken;
        break;
      case 'email_change_current':
      case 'email_change_new': {
        if (!settings.secureEmailChange && type === 'email_change_current') {
          throw badRequest('validation_failed', 'Enable secure email change to generate link for current email');
        }
        const newEmail = validateEmail(params.string('new_email'));
        if (await isDuplicatedEmail(tx, newEmail, target!.aud, target)) {
          throw unprocessable('email_exists', DUPLICATE_EMAIL_MESSAGE);
        }
        target!.emailChangeSentAt = now;
        target!.emailChange = newEmail;
        target!.emailChangeConfirmStatus = 0;
        if (type === 'email_change_current') target!.emailChangeTokenCurrent = hashedToken;
        else target!.emailChangeTokenNew = generateTokenHash(newEmail, otp);
        await saveUser(tx, target!, 'emailChangeTokenCurrent', 'emailChangeTokenNew', 'emailChange', 'emailChangeSentAt', 'emailChangeConfirmStatus');
        if (target!.emailChangeTokenCurrent) {
          await createOneTimeToken(tx, target!.id, target!.email, target!.emailChangeTokenCurrent, 'email_change_token_current');
        }
        if (target!.emailChangeTokenNew) {
          await createOneTimeToken(tx, target!.id, newEmail, target!.emailChangeTokenNew, 'email_change_token_new');
        }
        linkToken = type === 'email_change_current' ? target!.emailChangeTokenCurrent : target!.emailChangeTokenNew;
        linkType = 'email_change';
        break;
      }
      default:
        throw badRequest('validation_failed', `Invalid email action link type requested: ${type}`);
    }
    return target!;
  });

  return c.json({
    ...userJSON(user),
    action_link: emailActionLink(settings, linkToken, linkType, redirectTo),
    email_otp: otp,
    hashed_token: hashedToken,
    verification_type: type,
    redirect_to: redirectTo,
  });
}
