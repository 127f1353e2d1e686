import { Alert, Breadcrumb, Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatLngLat } from '../../../shared/format';
import { TID } from '../../../shared/testids';
import type { LocateState } from './locate';

/** Where a located point lies (district › street › community › grid), or that it lies outside. */
export function LocateResultView({ state, onOpen, onClose }: { state: LocateState; onOpen: (id: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const r = state.result;
  const where = formatLngLat(state.input);
  if (r.status === 'inside') {
    return (
      <Alert
        type="success"
        showIcon
        closable={{ onClose }}
        data-testid={TID.regionLocateResult}
        title={t('regions.locate.inside', { where })}
        description={
          <Flex vertical gap={4}>
            <Breadcrumb
              items={[
                { title: r.district.name },
                { title: r.street.name },
                { title: <a onClick={() => onOpen(r.community.id)}>{r.community.name}</a> },
                { title: <a onClick={() => onOpen(r.grid.id)}>{r.grid.name}</a> },
              ]}
            />
            {!r.point && state.crs !== 'wgs84' ? (
              <Typography.Text type="secondary">{t('regions.locate.noMarker')}</Typography.Text>
            ) : null}
          </Flex>
        }
        action={
          <Button size="small" type="primary" onClick={() => onOpen(r.grid.id)}>
            {t('regions.locate.openGrid')}
          </Button>
        }
      />
    );
  }
  return (
    <Alert
      type="warning"
      showIcon
      closable={{ onClose }}
      data-testid={TID.regionLocateResult}
      title={t('regions.locate.outside', { where })}
    />
  );
}
