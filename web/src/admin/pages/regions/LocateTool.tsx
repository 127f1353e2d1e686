import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../shared/api';
import { locate } from '../../../shared/regions';
import { TID } from '../../../shared/testids';
import type { Crs, LngLat } from '../../../shared/types';
import { parseLngLat, type LocateState } from './locate';

/** The locate box: a point and its coordinate system, looked up in the grid tiling. */
export function LocateTool({ onLocated }: { onLocated: (s: LocateState | null) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [crs, setCrs] = useState<Crs>('wgs84');
  const [invalid, setInvalid] = useState(false);
  const { message } = App.useApp();
  const m = useMutation({
    mutationFn: async (v: { p: LngLat; crs: Crs }) => ({ input: v.p, crs: v.crs, result: await locate(v.p[0], v.p[1], v.crs) }),
    onSuccess: (s) => onLocated(s),
    onError: (e) => {
      void message.error(errorMessage(e));
    },
  });
  const submit = () => {
    const p = parseLngLat(text);
    setInvalid(!p);
    if (!p) {
      void message.warning(t('regions.locate.invalid'));
      return;
    }
    m.mutate({ p, crs });
  };
  return (
    <Space.Compact>
      <Input
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setInvalid(false);
        }}
        onPressEnter={submit}
        placeholder={t('regions.locate.placeholder')}
        prefix={<EnvironmentOutlined />}
        status={invalid ? 'error' : undefined}
        style={{ width: 230 }}
        aria-label={t('regions.locate.label')}
        data-testid={TID.regionLocateInput}
        allowClear
      />
      <Select<Crs>
        value={crs}
        onChange={setCrs}
        style={{ width: 150 }}
        aria-label={t('regions.locate.crs')}
        data-testid={TID.regionLocateCrs}
        options={[
          { value: 'wgs84', label: t('regions.crs.wgs84') },
          { value: 'gcj02', label: t('regions.crs.gcj02') },
          { value: 'bd09', label: t('regions.crs.bd09') },
        ]}
      />
      <Button type="primary" icon={<AimOutlined />} onClick={submit} loading={m.isPending} data-testid={TID.regionLocateSubmit}>
        {t('regions.locate.submit')}
      </Button>
    </Space.Compact>
  );
}
