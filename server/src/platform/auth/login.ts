import { eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { writeAudit } from '../audit/audit.js';
import type { Services } from '../services.js';
import { createSession } from './sessions.js';
import { users } from './schema.js';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { matchTotpStep } from './totp.js';

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
}

let dummyHash: Promise<string> | null = null;
/** Verifying against a dummy hash for unknown users keeps their timing the same as a wrong password. */
const dummy = () => (dummyHash ??= hashPassword('tongxin-dummy-password-for-timing'));

/**
 * Logs a user in. Failures are counted atomically; at LOCKOUT_THRESHOLD consecutive failures the account
 * is locked for LOCKOUT_MINUTES. Every attempt, failed or not, is audited in its own committed transaction.
 */
export async function login(services: Services, req: FastifyRequest, input: LoginInput) {
  const { db } = services.database;
  const { config } = services;
  let cityId: string | null = null;
  const audit = (result: 'ok' | 'denied', userId: string | null, reason: string | null, tx = db) =>
    writeAudit(tx, {
      cityId,
      actorId: userId,
      actorName: input.username.slice(0, 64),
      action: 'auth.login',
      subjectType: 'user',
      subjectId: userId,
      ip: req.ctx.ip,
      requestId: req.ctx.requestId,
      result,
      detail: reason ? { reason } : null,
    });
  const fail = async (userId: string | null, reason: string, err: AppError): Promise<never> => {
    await audit('denied', userId, reason);
    req.ctx.audited = true;
    throw err;
  };

  const user = await db.query.users.findFirst({ where: eq(users.username, input.username) });
  if (!user) {
    await verifyPassword(await dummy(), input.password);
    return fail(null, 'unknown_user', new AppError(401, 'invalid_credentials'));
  }
  cityId = user.cityId;
  const now = Date.now();
  if (user.lockedUntil && user.lockedUntil.getTime() > now) {
    const retryAfterSeconds = Math.ceil((user.lockedUntil.getTime() - now) / 1000);
    return fail(user.id, 'locked', lockedError(retryAfterSeconds));
  }
  if (user.status !== 'active') return fail(user.id, 'disabled', new AppError(403, 'account_disabled'));

  const passwordOk = await verifyPassword(user.passwordHash, input.password);
  let reason: string | null = passwordOk ? null : 'wrong_password';
  let totpStep: number | null = null;
  if (passwordOk && user.totpEnabled && user.totpSecretEnc) {
    if (!input.totp) return fail(user.id, 'totp_required', new AppError(401, 'totp_required', 'totp required', 'totp'));
    const secret = services.crypto.decrypt(user.totpSecretEnc, `totp:${user.id}`);
    totpStep = matchTotpStep(secret, input.totp, now);
    if (totpStep === null) reason = 'wrong_totp';
    else if (user.totpLastStep !== null && totpStep <= user.totpLastStep) {
      return fail(user.id, 'totp_reused', new AppError(401, 'totp_reused', 'totp code reused', 'totp'));
    }
  }
  if (reason) {
    const [row] = (
      (await db.execute(sql`
        update users set failed_logins = failed_logins + 1,
          locked_until = case when failed_logins + 1 >= ${config.LOCKOUT_THRESHOLD}
                              then now() + make_interval(mins => ${config.LOCKOUT_MINUTES}) else locked_until end
        where id = ${user.id} returning failed_logins, locked_until`)) as unknown as { rows: Array<{ failed_logins: number; locked_until: Date | null }> }
    ).rows;
    const lockedNow = row && row.failed_logins >= config.LOCKOUT_THRESHOLD;
    if (lockedNow) {
      await db.execute(sql`update users set failed_logins = 0 where id = ${user.id}`);
      return fail(user.id, `${reason}_locked`, lockedError(config.LOCKOUT_MINUTES * 60));
    }
    return fail(user.id, reason, reason === 'wrong_totp' ? new AppError(401, 'totp_invalid', 'wrong totp', 'totp') : new AppError(401, 'invalid_credentials'));
  }

  // Parameters strengthened since this hash was made: store a new one while we hold the password.
  const rehash = needsRehash(user.passwordHash) ? await hashPassword(input.password) : null;
  const session = await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        failedLogins: 0,
        lockedUntil: null,
        lastLoginAt: new Date(),
        ...(totpStep !== null ? { totpLastStep: totpStep } : {}),
        ...(rehash ? { passwordHash: rehash } : {}),
      })
      .where(eq(users.id, user.id));
    const s = await createSession(tx, config, user.id, { ip: req.ctx.ip, userAgent: req.headers['user-agent'] });
    await audit('ok', user.id, null, tx as never);
    return s;
  });
  req.ctx.audited = true;
  return { user, session };
}

function lockedError(retryAfterSeconds: number) {
  return new AppError(423, 'account_locked', 'account locked', undefined, {
    retryAfterSeconds,
    minutes: Math.ceil(retryAfterSeconds / 60),
  });
}
