import { Alert } from 'antd';

/** The error of a user form that belongs to no single field. */
export function FormError({ error, onClose }: { error: string | null; onClose: () => void }) {
  if (!error) {
    return null;
  }
  return <Alert type="error" showIcon title={error} closable={{ onClose }} style={{ marginBottom: 16 }} data-testid="form-error" />;
}
