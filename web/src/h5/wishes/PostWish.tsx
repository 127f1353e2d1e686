import { Button, Checkbox, DatePicker, Form, Input, Result, Selector, type DatePickerRef, type ImageUploadItem } from 'antd-mobile';
import { useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, isApiError } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { TID } from '../../shared/testids';
import { usePostWish, WISH_CATEGORIES, type WishCategory } from '../../shared/wishes/api';
import { PhotoField, photoIds } from '../appeals/parts';
import { FormError, SubmitButton, TextAreaItem } from '../form-parts';

interface Values {
  title?: string;
  story?: string;
  category?: WishCategory[];
  estimatedValueYuan?: string;
  deadline?: Date;
  photos?: ImageUploadItem[];
  minor?: boolean;
  hardship?: boolean;
}

const FIELDS = ['title', 'story', 'category', 'estimatedValueYuan', 'deadline', 'photos'] as const;

function parseYuan(v: string | undefined): number | null {
  const s = (v ?? '').replace(/[,，\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const n = Number(s);
  return n > 0 && n <= 100_000 ? n : null;
}

/** YYYY-MM-DD of the picked day (the picker's local day). */
function dayOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A resident's own home (a community or a grid) from their resident or member grants. */
export function useHomeRegion(): string | null {
  const me = useMe();
  const g = (me.data?.grants ?? []).find((x) => (x.role === 'resident' || x.role === 'member') && (x.regionLevel === 'community' || x.regionLevel === 'grid'));
  return g?.regionId ?? null;
}

/** 许个心愿: the form; `onDone` after the wish was posted and the resident read the confirmation. */
export function PostWish({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [posted, setPosted] = useState<string | null>(null);
  const regionId = useHomeRegion();
  const m = usePostWish();
  const today = new Date();
  const min = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1);
  const max = new Date(today.getFullYear() + 1, today.getMonth(), today.getDate() - 1);

  const submit = (v: Values) => {
    setError(null);
    if (!regionId) {
      setError(t('wishes.form.noRegion'));
      return;
    }
    const photos = photoIds(v.photos);
    m.mutate(
      {
        regionId,
        title: v.title?.trim() ?? '',
        story: v.story?.trim() ?? '',
        category: v.category?.[0] ?? 'other',
        estimatedValueYuan: parseYuan(v.estimatedValueYuan) ?? 0,
        deadline: v.deadline ? dayOf(v.deadline) : '',
        ...(photos.length ? { photos } : {}),
        minor: !!v.minor,
        hardship: !!v.hardship,
      },
      {
        onSuccess: (res) => setPosted(res.wish.id),
        onError: (e) => {
          const f = isApiError(e) ? e.field?.split('.')[0] : undefined;
          if (f && (FIELDS as readonly string[]).includes(f)) form.setFields([{ name: f, errors: [errorMessage(e)] }]);
          else setError(errorMessage(e));
        },
      },
    );
  };

  if (posted) {
    return (
      <div data-testid={TID.wishes.formDone} data-wish-id={posted}>
        <Result status="success" title={t('wishes.form.done')} description={t('wishes.form.doneHint')} />
        <div className="h5-padded">
          <Button block color="primary" onClick={onDone}>
            {t('wishes.myWishes')}
          </Button>
        </div>
      </div>
    );
  }

  const required = (field: string) => t('wishes.form.required', { field });
  return (
    <div data-testid={TID.wishes.form}>
      <div className="h5-padded">
        <p className="h5-note">{t('wishes.form.intro')}</p>
      </div>
      <FormError error={!regionId ? t('wishes.form.noRegion') : null} padded />
      <FormError error={error} padded testId={TID.wishes.formError} />
      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={{ photos: [], category: ['daily'], minor: false, hardship: false }}
        onFinish={submit}
        footer={
          <SubmitButton loading={m.isPending} disabled={!regionId} testId={TID.wishes.formSubmit}>
            {t('wishes.form.submit')}
          </SubmitButton>
        }
      >
        <Form.Item
          name="title"
          label={t('wishes.form.title')}
          rules={[
            { required: true, whitespace: true, message: required(t('wishes.form.title')) },
            { max: 60, message: t('validation.max', { max: 60 }) },
          ]}
        >
          <Input placeholder={t('wishes.form.titlePlaceholder')} maxLength={60} clearable data-testid={TID.wishes.formTitle} />
        </Form.Item>
        <TextAreaItem
          name="story"
          label={t('wishes.form.story')}
          required={required(t('wishes.form.story'))}
          max={2000}
          rows={4}
          placeholder={t('wishes.form.storyPlaceholder')}
          testId={TID.wishes.formStory}
        />
        <Form.Item name="category" label={t('wishes.form.category')} rules={[{ required: true, message: required(t('wishes.form.category')) }]}>
          <Selector
            columns={3}
            options={WISH_CATEGORIES.map((c) => ({ label: t(`wishes.category.${c}`), value: c }))}
            data-testid={TID.wishes.formCategory}
          />
        </Form.Item>
        <Form.Item
          name="estimatedValueYuan"
          label={t('wishes.form.value')}
          rules={[
            { required: true, message: required(t('wishes.form.value')) },
            {
              validator: async (_, v: string | undefined) => {
                if (v && parseYuan(v) === null) throw new Error(t('wishes.form.valueInvalid'));
              },
            },
          ]}
        >
          <Input type="text" inputMode="decimal" placeholder={t('wishes.form.valuePlaceholder')} clearable data-testid={TID.wishes.formValue} />
        </Form.Item>
        <Form.Item
          name="deadline"
          label={t('wishes.form.deadline')}
          trigger="onConfirm"
          onClick={(_, ref: RefObject<DatePickerRef>) => ref.current?.open()}
          rules={[{ required: true, message: required(t('wishes.form.deadline')) }]}
        >
          <DatePicker min={min} max={max}>
            {(value) => (
              <span data-testid={TID.wishes.formDeadline} data-value={value ? dayOf(value) : ''} style={{ color: value ? undefined : '#bfbfbf' }}>
                {value ? dayOf(value) : t('wishes.form.deadlinePlaceholder')}
              </span>
            )}
          </DatePicker>
        </Form.Item>
        <Form.Item name="photos" label={t('wishes.form.photos')}>
          <PhotoField testId={TID.wishes.formPhotos} />
        </Form.Item>
        <Form.Item name="minor" valuePropName="checked" description={<div className="wish-flag-help">{t('wishes.form.minorHelp')}</div>}>
          <Checkbox data-testid={TID.wishes.formMinor}>{t('wishes.form.minor')}</Checkbox>
        </Form.Item>
        <Form.Item name="hardship" valuePropName="checked" description={<div className="wish-flag-help">{t('wishes.form.hardshipHelp')}</div>}>
          <Checkbox data-testid={TID.wishes.formHardship}>{t('wishes.form.hardship')}</Checkbox>
        </Form.Item>
      </Form>
    </div>
  );
}
