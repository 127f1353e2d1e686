import { Flex, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { levelLabel, roleLabel, sortedRoles } from '../../shared/roles';
import type { Grant } from '../../shared/types';

const ROLE_COLORS: Record<string, string> = {
  admin: 'red',
  org_dept: 'magenta',
  street_admin: 'volcano',
  community_admin: 'orange',
  grid_worker: 'green',
  building_leader: 'cyan',
  dispatcher: 'blue',
  dept_handler: 'geekblue',
  member: 'red',
  resident: 'default',
  unit_admin: 'purple',
  secretary: 'purple',
  merchant: 'gold',
};

export function roleColor(role: string): string {
  return ROLE_COLORS[role] ?? 'default';
}

export function RoleTag({ role }: { role: string }) {
  const { t } = useTranslation();
  return <Tag color={roleColor(role)}>{roleLabel(t, role)}</Tag>;
}

/** Distinct role names only (for compact places such as the header). */
export function RoleTags({ roles, max = 3 }: { roles: readonly string[]; max?: number }) {
  const { t } = useTranslation();
  const list = sortedRoles(roles);
  const shown = list.slice(0, max);
  const rest = list.slice(max);
  return (
    <Flex gap={4} wrap>
      {shown.map((r) => (
        <RoleTag key={r} role={r} />
      ))}
      {rest.length > 0 ? (
        <Tooltip title={rest.map((r) => roleLabel(t, r)).join('、')}>
          <Tag>+{rest.length}</Tag>
        </Tooltip>
      ) : null}
    </Flex>
  );
}

/** One tag per grant: role · region, with the region's level on hover. */
export function GrantTags({ grants, empty }: { grants: readonly Grant[]; empty?: string }) {
  const { t } = useTranslation();
  if (grants.length === 0) {
    return <span className="tx-muted">{empty ?? t('common.none')}</span>;
  }
  return (
    <Flex gap={4} wrap>
      {grants.map((g) => (
        <Tooltip key={g.id} title={`${levelLabel(t, g.regionLevel)} · ${g.regionName}`}>
          <Tag color={roleColor(g.role)} style={{ marginInlineEnd: 0 }}>
            {roleLabel(t, g.role)} · {g.regionName}
          </Tag>
        </Tooltip>
      ))}
    </Flex>
  );
}
