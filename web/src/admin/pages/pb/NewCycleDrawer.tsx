import { App, Drawer, Form } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { cycleMethodBody, pbAdminApi, type CycleMethod } from '../../../shared/pb/admin-api';
import { pbKeys } from '../../../shared/pb/api';
import { TID } from '../../../shared/testids';
import type { RegionLevel } from '../../../shared/types';
import { showErrorOnField } from '../../components/formErrors';
import { FormFooter } from '../../components/FormFooter';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { PbErrorAlert } from './common';
import { CycleMethodFields, CycleTitleField } from './CycleMethodFields';

interface Values extends CycleMethod {
  regionId?: string;
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
    mutationFn: (v: Values) => pbAdminApi.createCycle({ regionId: v.regionId ?? '', ...cycleMethodBody(v) }),
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
        <FormFooter form={form} onCancel={onClose} loading={m.isPending} testId={TID.pbAdmin.cycleFormSubmit}>
          {t('pbAdmin.create.submit')}
        </FormFooter>
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
        <CycleTitleField placeholder={t('pbAdmin.create.titlePlaceholder')} testId={TID.pbAdmin.cycleFormTitle} />
        <CycleMethodFields voteType={voteType} />
      </Form>
    </Drawer>
  );
}
