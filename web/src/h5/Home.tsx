import { DesktopOutlined } from '@ant-design/icons';
import { ErrorBlock, Grid, List, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, type NavigateFunction } from 'react-router-dom';
import { useMe } from '../shared/auth';
import { formatDate } from '../shared/format';
import { isRoleCode, roleLabel, sortedRoles, STAFF_ROLES } from '../shared/roles';
import type { Me, RoleCode } from '../shared/types';
import { ROLE_MODULES, TILE_ROLES, type ModuleEntry } from './modules';

function comingSoon(message: string) {
  Toast.show({ content: message, position: 'center' });
}

/** Opens what exists (a page here or on the desktop) and says "coming soon" for the rest. */
function openModule(m: ModuleEntry, soon: string, navigate: NavigateFunction) {
  if (m.path) {
    navigate(m.path);
  } else if (m.desktopPath) {
    window.location.assign(m.desktopPath);
  } else {
    comingSoon(soon);
  }
}

function regionsOf(me: Me, role: string): string[] {
  return [...new Set(me.grants.filter((g) => g.role === role).map((g) => g.regionName))];
}

function Tiles({ modules, role }: { modules: ModuleEntry[]; role: RoleCode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Grid columns={4} gap={8} className="h5-tiles">
      {modules.map((m) => {
        const label = t(m.label);
        return (
          <Grid.Item key={m.key} onClick={() => openModule(m, t('common.comingSoonNamed', { name: label }), navigate)}>
            <button type="button" className="h5-tile" data-testid={`h5-tile-${role}-${m.key}`}>
              <span className="h5-tile-icon" style={{ background: m.color }}>
                {m.icon}
              </span>
              <span className="h5-tile-label">{label}</span>
            </button>
          </Grid.Item>
        );
      })}
    </Grid>
  );
}

function ModuleList({ modules, role, staff }: { modules: ModuleEntry[]; role: RoleCode; staff: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <List className="h5-module-list">
      {modules.map((m) => {
        const label = t(m.label);
        return (
          <List.Item
            key={m.key}
            prefix={
              <span className="h5-list-icon" style={{ color: m.color }}>
                {m.icon}
              </span>
            }
            onClick={() => openModule(m, t('common.comingSoonNamed', { name: label }), navigate)}
            description={m.desktopPath ? t('h5.onDesktop') : undefined}
            data-testid={`h5-module-${role}-${m.key}`}
          >
            {label}
          </List.Item>
        );
      })}
      {staff ? (
        <List.Item
          prefix={
            <span className="h5-list-icon" style={{ color: '#595959' }}>
              <DesktopOutlined />
            </span>
          }
          description={t('h5.desktopHint')}
          onClick={() => window.location.assign('/')}
        >
          {t('h5.openDesktop')}
        </List.Item>
      ) : null}
    </List>
  );
}

export function Home() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!me) {
    return null;
  }
  const roles = sortedRoles(me.roles).filter(isRoleCode);
  // Front-line roles first: they are what people open the H5 for.
  const ordered = [...roles.filter((r) => TILE_ROLES.includes(r)), ...roles.filter((r) => !TILE_ROLES.includes(r))];
  const primary = ordered[0];
  const primaryRegions = primary ? regionsOf(me, primary) : [];

  return (
    <div className="h5-home">
      <section className="h5-hero">
        <div className="h5-hero-date">{formatDate(new Date())}</div>
        <div className="h5-hero-hello">{t('h5.hello', { name: me.displayName })}</div>
        {primary ? (
          <div className="h5-hero-role">
            {roleLabel(t, primary)}
            {primaryRegions.length > 0 ? ` · ${primaryRegions.join('、')}` : ''}
          </div>
        ) : null}
      </section>

      {ordered.length === 0 ? (
        <ErrorBlock status="empty" title={t('h5.noRoles')} description={t('h5.noRolesHint')} />
      ) : (
        ordered.map((role) => {
          const regions = regionsOf(me, role);
          const modules = ROLE_MODULES[role];
          const tiles = TILE_ROLES.includes(role);
          return (
            <section key={role} className="h5-section" data-testid={`h5-role-${role}`}>
              <header className="h5-section-head">
                <span className="h5-section-title">{roleLabel(t, role)}</span>
                {regions.length > 0 ? <span className="h5-section-sub">{regions.join('、')}</span> : null}
              </header>
              {tiles ? (
                <Tiles modules={modules} role={role} />
              ) : (
                <ModuleList modules={modules} role={role} staff={STAFF_ROLES.includes(role)} />
              )}
            </section>
          );
        })
      )}
    </div>
  );
}
