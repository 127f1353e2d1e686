import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../shared/auth';
import { grantableRoles, roleLabel } from '../../../shared/roles';

/** Select options of the roles the signed-in user may grant. */
export function useRoleOptions() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return useMemo(() => grantableRoles(me).map((r) => ({ value: r, label: roleLabel(t, r) })), [me, t]);
}
