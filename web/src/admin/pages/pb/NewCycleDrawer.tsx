import { App, Button, Drawer, Flex, Form, Input } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { pbAdminApi, type NewCycleBody } from '../../../shared/pb/admin-api';
import { pbKeys } from '../../../shared/pb/api';
import type { PbRule, PbVoteType, PbVoterBasis } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import type { RegionLevel } from '../../../shared/types';
import { showErrorOnField } from '../../components/formErrors';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { PbErrorAlert } from './common';
import { CycleMethodFields } from './CycleMethodFields';

interface Values {
  regionId?: string;
  title: string;
  budgetYuan: number;
  voteType: PbVoteType;
  pointsPerVoter?: number;
  rule: PbRule;
  voterBasis: PbVoterBasis;
}

const FIELDS = ['regionId', 'title', 'budgetYuan', 'voteType', 'pointsPerVoter', 'rule', 'voterBasis'] as const;
const INITIAL: Partial<Values> = { voteType: 'approval', rule: 'mes-add1', voterBasis: 'register' };

/** A new cycle (draft) for a community or street of my area. */
export function NewCycleDrawer({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const voteType = Form.useWatch('voteType', form);
  const level = useRef<RegionLevel | null>(null);
  const [error, setError] = useState<unknown>(null);

  const m = useMutation({
    mutationFn: (v: Values) => {
      const body: NewCycleBody = {
        regionId: v.regionId ?? '',
        title: v.title.trim(),
        budgetYuan: v.budgetYuan,
        voteType: v.voteType,
        rule: v.rule,
        voterBasis: v.voterBasis,
        ...(v.voteType === 'cumulative' && v.pointsPerVoter ? { pointsPerVoter: v.pointsPerVoter } : {}),
      };
      return pbAdminApi.createCycle(body);
    },
    onSuccess: (cycle) => {
      void message.success(t('pbAdmin.create.created', { title: cycle.title }));
      void qc.invalidateQueries({ queryKey: pbKeys.all });
      form.resetFields();
      onClose();
      onCreated(cycle.id);
    },
    onError: (e) => setError(showErrorOnField(form, e, FIELDS) ? null : e),
  });

  return (
    <Drawer
      title={t('pbAdmin.create.title')}
      open={open}
      onClose={onClose}
      size={600}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={m.isPending} onClick={() => form.submit()} data-testid={TID.pbAdmin.cycleFormSubmit}>
            {t('pbAdmin.create.submit')}
          </Button>
        </Flex>
      }
    >
      <PbErrorAlert error={error} onClose={() => setError(null)} />
      <Form<Values>
        form={form}
        name="pbCycle"
        layout="vertical"
        initialValues={INITIAL}
        onFinish={(v) => {
          setError(null);
          m.mutate(v);
        }}
        scrollToFirstError
      >
        <Form.Item
          name="regionId"
          label={t('pbAdmin.field.region')}
          extra={t('pbAdmin.create.regionHint')}
          rules={[
            { required: true, message: t('pbAdmin.field.required', { field: t('pbAdmin.field.region') }) },
            {
              validator: async () => {
                if (level.current && level.current !== 'community' && level.current !== 'street') throw new Error(t('pbAdmin.create.regionLevel'));
              },
            },
          ]}
        >
          <RegionTreeSelect
            onChange={(_, node) => {
              // Read by the validator, which runs right after this (the form sets the value itself).
              level.current = node?.level ?? null;
            }}
            style={{ width: '100%' }}
            data-testid={TID.pbAdmin.cycleFormRegion}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('pbAdmin.field.title')}
          rules={[
            { required: true, whitespace: true, message: t('pbAdmin.field.required', { field: t('pbAdmin.field.title') }) },
            { max: 100, message: t('validation.max', { max: 100 }) },
          ]}
        >
          <Input placeholder={t('pbAdmin.create.titlePlaceholder')} maxLength={100} data-testid={TID.pbAdmin.cycleFormTitle} />
        </Form.Item>
        <CycleMethodFields voteType={voteType} />
      </Form>
    </Drawer>
  );
}
