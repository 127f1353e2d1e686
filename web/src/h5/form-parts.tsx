/** Pieces the H5 forms share: the error line above a form, the submit button under it, a required text area, a bottom sheet. */
import { Button, Form, Popup, TextArea } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** An error said above a form (nothing when there is none); `padded` on full pages, where the form is in cards. */
export function FormError({ error, padded, testId }: { error: ReactNode; padded?: boolean; testId?: string }) {
  if (!error) return null;
  return (
    <div className={padded ? 'h5-error h5-padded' : 'h5-error'} role="alert" data-testid={testId}>
      {error}
    </div>
  );
}

/** The large primary button that submits a form (its `footer`). */
export function SubmitButton({ loading, disabled, testId, children }: { loading: boolean; disabled?: boolean; testId: string; children: ReactNode }) {
  return (
    <Button block type="submit" color="primary" size="large" loading={loading} disabled={disabled} data-testid={testId}>
      {children}
    </Button>
  );
}

/** A required text of at most `max` characters, with a count: `required` is the message when it is left empty. */
export function TextAreaItem({
  name,
  label,
  required,
  max,
  rows,
  placeholder,
  testId,
}: {
  name: string;
  label: string;
  required: string;
  max: number;
  rows: number;
  placeholder: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      rules={[
        { required: true, whitespace: true, message: required },
        { max, message: t('validation.max', { max }) },
      ]}
    >
      <TextArea rows={rows} maxLength={max} showCount placeholder={placeholder} data-testid={testId} />
    </Form.Item>
  );
}

/** A bottom sheet with a title, a body (a form, mostly) and an optional footer; tapping outside closes it. */
export function FormSheet({
  open,
  onClose,
  title,
  bodyTestId,
  footer,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  bodyTestId?: string;
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Popup visible={open} onMaskClick={onClose} onClose={onClose} position="bottom" bodyClassName="h5-popup" destroyOnClose>
      <div className="h5-popup-head">{title}</div>
      <div className="h5-popup-body" data-testid={bodyTestId}>
        {children}
      </div>
      {footer ? <div className="h5-popup-foot">{footer}</div> : null}
    </Popup>
  );
}
