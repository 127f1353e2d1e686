import { Button, Form, Input, Result, type ImageUploadItem } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api';
import { pbErrorField, usePbCycle, usePropose } from '../../shared/pb/api';
import type { ProjectSummary } from '../../shared/pb/types';
import { TID } from '../../shared/testids';
import { PhotoField, photoIds } from '../appeals/parts';
import { FormError, SubmitButton, TextAreaItem } from '../form-parts';
import { LoadError, Loading, SubPage, useYuan } from './parts';

interface Values {
  title?: string;
  description?: string;
  estimatedCostYuan?: string;
  address?: string;
  photos?: ImageUploadItem[];
}

const FIELDS = ['title', 'description', 'estimatedCostYuan', 'address', 'photos'] as const;

/** A positive amount in yuan with at most two decimals, or null. */
function parseYuan(v: string | undefined): number | null {
  const s = (v ?? '').replace(/[,，\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}

/** 我要提议: a resident proposes a micro-project in the proposals phase. */
export function Propose() {
  const { t } = useTranslation();
  const yuan = useYuan();
  const { cycleId = '' } = useParams();
  const navigate = useNavigate();
  const cycle = usePbCycle(cycleId);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Pick<ProjectSummary, 'id' | 'number'> | null>(null);
  const m = usePropose(cycleId);

  const submit = (v: Values) => {
    setError(null);
    const address = v.address?.trim();
    const photos = photoIds(v.photos);
    m.mutate(
      {
        title: v.title?.trim() ?? '',
        description: v.description?.trim() ?? '',
        estimatedCostYuan: parseYuan(v.estimatedCostYuan) ?? 0,
        ...(address ? { address } : {}),
        ...(photos.length ? { photos } : {}),
      },
      {
        onSuccess: (res) => setDone(res.project),
        onError: (e) => {
          const f = pbErrorField(e);
          if (f && (FIELDS as readonly string[]).includes(f)) form.setFields([{ name: f, errors: [errorMessage(e)] }]);
          else setError(errorMessage(e));
        },
      },
    );
  };

  const title = t('pb.propose.title');
  if (done) {
    return (
      <SubPage title={title} testId={TID.pb.proposeDone}>
        <Result status="success" title={t('pb.propose.done')} description={t('pb.propose.doneHint', { number: done.number })} />
        <div className="h5-padded pb-stack">
          <Button block color="primary" onClick={() => navigate(`/pb/projects/${done.id}`, { replace: true })}>
            {t('pb.propose.viewProject')}
          </Button>
          <Button block onClick={() => navigate(`/pb/${cycleId}`, { replace: true })}>
            {t('pb.propose.back')}
          </Button>
        </div>
        <span hidden data-testid={TID.pb.proposeNumber}>
          {done.number}
        </span>
      </SubPage>
    );
  }
  if (cycle.isPending) {
    return (
      <SubPage title={title}>
        <Loading />
      </SubPage>
    );
  }
  if (cycle.isError) {
    return (
      <SubPage title={title}>
        <LoadError error={cycle.error} onRetry={() => void cycle.refetch()} />
      </SubPage>
    );
  }
  const c = cycle.data.cycle;
  const budget = c.budgetYuan;
  return (
    <SubPage title={title} testId={TID.pb.propose}>
      <div className="h5-padded">
        <div className="pb-card-sub">{c.title}</div>
        <p className="h5-note">{t('pb.propose.intro')}</p>
      </div>
      <FormError error={c.phase !== 'proposals' ? t('pb.propose.closed') : null} padded />
      <FormError error={error} padded testId={TID.pb.proposeError} />
      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={{ photos: [] }}
        onFinish={submit}
        footer={
          <SubmitButton loading={m.isPending} disabled={c.phase !== 'proposals'} testId={TID.pb.proposeSubmit}>
            {t('pb.propose.submit')}
          </SubmitButton>
        }
      >
        <Form.Item
          name="title"
          label={t('pb.propose.name')}
          rules={[
            { required: true, whitespace: true, message: t('pb.propose.required', { field: t('pb.propose.name') }) },
            { max: 100, message: t('validation.max', { max: 100 }) },
          ]}
        >
          <Input placeholder={t('pb.propose.namePlaceholder')} maxLength={100} clearable data-testid={TID.pb.proposeTitle} />
        </Form.Item>
        <TextAreaItem
          name="description"
          label={t('pb.propose.description')}
          required={t('pb.propose.required', { field: t('pb.propose.description') })}
          max={5000}
          rows={5}
          placeholder={t('pb.propose.descriptionPlaceholder')}
          testId={TID.pb.proposeDescription}
        />
        <Form.Item
          name="estimatedCostYuan"
          label={t('pb.propose.cost')}
          rules={[
            { required: true, message: t('pb.propose.required', { field: t('pb.propose.cost') }) },
            {
              validator: async (_, v: string | undefined) => {
                if (!v) return;
                const n = parseYuan(v);
                if (n === null) throw new Error(t('pb.propose.costInvalid'));
                if (n > budget) throw new Error(t('pb.propose.costOverBudget', { budget: yuan(budget) }));
              },
            },
          ]}
        >
          <Input type="text" inputMode="decimal" placeholder={t('pb.propose.costPlaceholder')} clearable data-testid={TID.pb.proposeCost} />
        </Form.Item>
        <Form.Item name="address" label={t('pb.propose.address')} rules={[{ max: 200, message: t('validation.max', { max: 200 }) }]}>
          <Input placeholder={t('pb.propose.addressPlaceholder')} maxLength={200} clearable data-testid={TID.pb.proposeAddress} />
        </Form.Item>
        <Form.Item name="photos" label={t('pb.propose.photos')}>
          <PhotoField testId={TID.pb.proposePhotos} />
        </Form.Item>
      </Form>
    </SubPage>
  );
}
