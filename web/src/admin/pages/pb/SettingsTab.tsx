import { Alert, App, Button, Card, Col, DatePicker, Flex, Form, Row, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../shared/api';
import { cycleMethodBody, pbAdminApi, pbMay, useCycleCommand, type CycleMethod, type CyclePatch } from '../../../shared/pb/admin-api';
import { PB_PHASES, type Cycle, type CycleDetail, type PbPhase, type PhaseDates } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { showErrorOnField } from '../../components/formErrors';
import { PbErrorAlert, phaseName } from './common';
import { CycleMethodFields, CycleTitleField } from './CycleMethodFields';

type Range = [Dayjs | null, Dayjs | null] | null;

interface Values extends CycleMethod {
  dates: Partial<Record<PbPhase, Range>>;
}

const FIELDS = ['title', 'budgetYuan', 'voteType', 'pointsPerVoter', 'rule', 'voterBasis', 'phaseDates'] as const;
/** The phases with dates to plan (closed has none). */
const DATED: readonly PbPhase[] = PB_PHASES.filter((p) => p !== 'closed');

function toValues(c: Cycle): Values {
  const dates: Values['dates'] = {};
  for (const p of DATED) {
    const d = c.phaseDates[p];
    dates[p] = d && (d.from || d.to) ? [d.from ? dayjs(d.from) : null, d.to ? dayjs(d.to) : null] : null;
  }
  return {
    title: c.title,
    budgetYuan: c.budgetYuan,
    voteType: c.voteType,
    ...(c.pointsPerVoter ? { pointsPerVoter: c.pointsPerVoter } : {}),
    rule: c.rule,
    voterBasis: c.voterBasis,
    dates,
  };
}

function toPatch(v: Values): CyclePatch {
  const phaseDates: Partial<Record<PbPhase, PhaseDates>> = {};
  for (const p of DATED) {
    const r = v.dates[p];
    const from = r?.[0]?.format('YYYY-MM-DD');
    const to = r?.[1]?.format('YYYY-MM-DD');
    if (from || to) phaseDates[p] = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }
  return { ...cycleMethodBody(v), phaseDates };
}

/** The cycle's settings: editable in draft and while proposals are collected, read-only afterwards. */
export default function SettingsTab({ detail }: { detail: CycleDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { cycle, parts } = detail;
  const editable = pbMay(parts, 'edit_cycle', cycle.phase);
  // Only a new version of the cycle (saved here or by another secretary) resets the form, not a mere refetch.
  const initial = useMemo(() => toValues(cycle), [cycle.id, cycle.version]);
  const voteType = Form.useWatch('voteType', form);
  const [error, setError] = useState<unknown>(null);
  // The version read: another secretary's edit in between answers 409 pb_cycle_changed instead of being overwritten.
  const save = useCycleCommand(cycle.id, (v: Values) => pbAdminApi.patchCycle(cycle.id, { ...toPatch(v), version: cycle.version }));

  useEffect(() => {
    form.setFieldsValue(initial);
  }, [form, initial]);

  return (
    <Card variant="borderless">
      {!editable ? <Alert type="info" showIcon title={t('pbAdmin.settings.locked')} style={{ marginBottom: 16 }} /> : null}
      <PbErrorAlert error={error} onClose={() => setError(null)} />
      <Form<Values>
        form={form}
        name="pbSettings"
        layout="vertical"
        initialValues={initial}
        disabled={!editable}
        onFinish={(v) => {
          setError(null);
          save.mutate(v, {
            onSuccess: () => void message.success(t('common.saved')),
            onError: (e) => {
              // `phaseDates.review.to` → the review phase's range picker.
              const named = isApiError(e) && e.field?.startsWith('phaseDates.') ? e.field.split('.')[1] : undefined;
              const phase = DATED.find((p) => p === named);
              if (phase) {
                form.setFields([{ name: ['dates', phase], errors: [e instanceof Error ? e.message : ''] }]);
                setError(null);
              } else {
                setError(showErrorOnField(form, e, FIELDS) ? null : e);
              }
            },
          });
        }}
      >
        <Row gutter={32}>
          <Col xs={24} xl={12}>
            <CycleTitleField />
            <CycleMethodFields voteType={voteType} />
          </Col>
          <Col xs={24} xl={12}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('pbAdmin.settings.dates')}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('pbAdmin.settings.datesHint')}
            </Typography.Paragraph>
            {DATED.map((p) => (
              <Form.Item key={p} name={['dates', p]} label={phaseName(t, p)} layout="horizontal" labelCol={{ flex: '120px' }} labelAlign="left" style={{ marginBottom: 12 }}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 300 }} data-testid={`pb-settings-dates-${p}`} />
              </Form.Item>
            ))}
          </Col>
        </Row>
        {editable ? (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={() => form.setFieldsValue(initial)}>{t('common.reset')}</Button>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid={TID.pbAdmin.settingsSubmit}>
              {t('common.save')}
            </Button>
          </Flex>
        ) : null}
      </Form>
    </Card>
  );
}
