import type { FormInstance } from 'antd';
import { ApiError } from '../../shared/api';

/** `grants[0].regionId` / `grants.0.regionId` → ['grants', 0, 'regionId'] (antd's name path). */
export function fieldPath(field: string): Array<string | number> {
  return field
    .split(/[.[\]/]+/)
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Shows a server error on the form field it names, if the form has that
 * field. Returns true when it did; otherwise the caller shows the message
 * elsewhere (an alert above the form).
 */
export function showErrorOnField(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError) || !error.field) {
    return false;
  }
  const path = fieldPath(error.field);
  const head = path[0];
  if (typeof head !== 'string' || !fields.includes(head)) {
    return false;
  }
  form.setFields([{ name: path, errors: [error.message] }]);
  form.scrollToField(path, { block: 'nearest' });
  return true;
}
