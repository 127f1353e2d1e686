import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from './api';
import { login, ME_KEY, peekLoginNotice, safeNext, setLoginNotice, useMe, type LoginInput } from './auth';
import type { Me } from './types';

export interface LoginValues {
  username: string;
  password: string;
  totp?: string;
}

/** Why a login attempt failed, for the page to show in its own way. */
export type LoginFailure =
  /** The account has TOTP: the page now asks for the code (`needTotp` is true). */
  | { kind: 'totpRequired' }
  /** 423 account_locked: the server's message and, when it said how long, "try again in N minutes". */
  | { kind: 'locked'; message: string; retry: string | null }
  /** Anything else: the page may show it on a form field (`error.field`) or as `message`. */
  | { kind: 'error'; error: unknown; message: string };

/**
 * The submit logic shared by the admin and H5 login pages: POST /api/auth/login, then the user to the `next`
 * query parameter (a same-origin path) or to `passwordPath` when the password must be changed; TOTP on demand;
 * the lockout message; the one-time login notice (e.g. after a password change).
 */
export function useLogin(opts: { passwordPath: string; onFailure: (failure: LoginFailure) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [notice] = useState(peekLoginNotice);
  const qc = useQueryClient();
  const me = useMe();
  const [needTotp, setNeedTotp] = useState(false);
  const next = safeNext(params.get('next'), '/');

  const mutation = useMutation<Me, unknown, LoginInput>({
    mutationFn: login,
    onSuccess: (user) => {
      qc.setQueryData(ME_KEY, user);
      navigate(user.mustChangePassword ? opts.passwordPath : next, { replace: true });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'totp_required') {
        setNeedTotp(true);
        opts.onFailure({ kind: 'totpRequired' });
        return;
      }
      if (e instanceof ApiError && e.status === 423) {
        const minutes = e.retryAfterSeconds ? Math.max(1, Math.ceil(e.retryAfterSeconds / 60)) : null;
        opts.onFailure({ kind: 'locked', message: errorMessage(e), retry: minutes ? t('auth.lockedRetry', { minutes }) : null });
        return;
      }
      opts.onFailure({ kind: 'error', error: e, message: errorMessage(e) });
    },
  });

  useEffect(() => {
    setLoginNotice(null);
  }, []);

  const submit = (v: LoginValues) => {
    const input: LoginInput = { username: v.username.trim(), password: v.password };
    if (needTotp && v.totp) {
      input.totp = v.totp.trim();
    }
    mutation.mutate(input);
  };

  return {
    submit,
    pending: mutation.isPending,
    needTotp,
    notice,
    /** Where to go at once: the user is already logged in (and not by this page's own submit). */
    redirectTo: me.data && !mutation.isPending && !mutation.isSuccess ? next : null,
  };
}
