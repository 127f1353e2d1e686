import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Button, SpinLoading } from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage, isApiError } from '../../shared/api';
import { tokenFromInput, useScan, type ScanPurpose, type Signup } from '../../shared/activities/api';
import { currentPosition } from '../../shared/appeals/device';
import { formatDateTime } from '../../shared/format';
import { TID } from '../../shared/testids';
import { TestIdInput } from '../TestIdInput';
import { SubPage } from './parts';

const KNOWN_ERRORS = [
  'checkin_token_expired',
  'checkin_token_invalid',
  'checkin_replayed',
  'checkout_before_checkin',
  'activity_not_signed_up',
  'activity_not_open',
  'position_required',
  'checkin_outside_geofence',
] as const;
type KnownError = (typeof KNOWN_ERRORS)[number];

type State =
  | { kind: 'idle' }
  | { kind: 'locating' }
  | { kind: 'working' }
  | { kind: 'done'; purpose: ScanPurpose; signup: Signup }
  | { kind: 'failed'; code: string; title: string; detail: string | null };

/**
 * `/activities/scan?t=<token>`: the page a phone camera opens from the organiser's QR code. Posts the token (with the
 * position when the phone gives one) and says what happened; without `t` (or after a refusal) a code can be pasted.
 */
export function Scan() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const scan = useScan();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [text, setText] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const started = useRef<string | null>(null);

  const submit = async (token: string) => {
    setState({ kind: 'locating' });
    const pos = await currentPosition(8_000);
    setState({ kind: 'working' });
    scan.mutate(
      { token, ...(pos.ok ? { position: { lng: pos.point[0], lat: pos.point[1] } } : {}) },
      {
        onSuccess: (r) => setState({ kind: 'done', purpose: r.purpose, signup: r.signup }),
        onError: (e) => {
          const code = isApiError(e) ? e.code : 'error';
          const known = (KNOWN_ERRORS as readonly string[]).includes(code);
          setState({
            kind: 'failed',
            code,
            title: known ? t(`activities.scan.errors.${code as KnownError}`) : t('activities.scan.failed'),
            // The geofence refusal's own text names the distance; unknown errors say what they are.
            detail: code === 'checkin_outside_geofence' || !known ? errorMessage(e) : null,
          });
        },
      },
    );
  };

  const fromUrl = params.get('t');
  useEffect(() => {
    if (fromUrl && started.current !== fromUrl) {
      started.current = fromUrl;
      void submit(fromUrl);
    }
  }, [fromUrl]);

  const onPaste = () => {
    const token = tokenFromInput(text);
    if (!token) {
      setInputError(t('activities.scan.required'));
      return;
    }
    setInputError(null);
    void submit(token);
  };

  const again = () => {
    setState({ kind: 'idle' });
    setText('');
    if (fromUrl) setParams({}, { replace: true });
  };

  const busy = state.kind === 'locating' || state.kind === 'working';
  return (
    <SubPage title={t('activities.scan.title')} testId={TID.activities.scan}>
      {busy ? (
        <div className="act-scan-result">
          <SpinLoading color="primary" style={{ margin: '0 auto' }} />
          <div className="act-scan-text" style={{ marginTop: 12 }}>
            {state.kind === 'locating' ? t('activities.scan.locating') : t('activities.scan.working')}
          </div>
        </div>
      ) : null}
      {state.kind === 'done' ? (
        <div className="h5-card act-scan-result" data-testid={TID.activities.scanResult} data-purpose={state.purpose} data-minutes={state.signup.serviceMinutes ?? ''}>
          <CheckCircleFilled className="act-scan-icon act-scan-ok" />
          <div className="act-scan-title">{state.purpose === 'in' ? t('activities.scan.checkedIn') : t('activities.scan.checkedOut')}</div>
          <div className="act-scan-text">
            {t('activities.scan.at', { at: formatDateTime(state.purpose === 'in' ? state.signup.checkedInAt : state.signup.checkedOutAt) })}
          </div>
          {state.purpose === 'out' && state.signup.serviceMinutes != null ? (
            <div className="act-scan-text">{t('activities.scan.minutes', { minutes: state.signup.serviceMinutes })}</div>
          ) : null}
          <Button color="primary" fill="outline" style={{ marginTop: 20 }} onClick={() => navigate(`/activities/${state.signup.activityId}`)}>
            {t('activities.scan.toActivity')}
          </Button>
        </div>
      ) : null}
      {state.kind === 'failed' ? (
        <div className="h5-card act-scan-result" data-testid={TID.activities.scanError} data-code={state.code}>
          <ExclamationCircleFilled className="act-scan-icon act-scan-fail" />
          <div className="act-scan-title">{t('activities.scan.failed')}</div>
          <div className="act-scan-text">{state.title}</div>
          {state.detail ? <div className="act-scan-text">{state.detail}</div> : null}
        </div>
      ) : null}
      {state.kind === 'idle' || state.kind === 'failed' ? (
        <div className="h5-card">
          <div className="h5-card-title">{t('activities.scan.pasteLabel')}</div>
          <div className="h5-note">{t('activities.scan.pasteHint')}</div>
          <div className="act-paste-input">
            <TestIdInput value={text} onChange={setText} placeholder={t('activities.scan.pastePlaceholder')} clearable testId={TID.activities.scanInput} onEnterPress={onPaste} />
          </div>
          {inputError ? (
            <div className="h5-error" role="alert">
              {inputError}
            </div>
          ) : null}
          <Button block color="primary" size="large" onClick={onPaste} data-testid={TID.activities.scanSubmit}>
            {t('activities.scan.submit')}
          </Button>
        </div>
      ) : null}
      {state.kind === 'done' ? (
        <div className="h5-padded">
          <Button block fill="none" onClick={again}>
            {t('activities.scan.again')}
          </Button>
        </div>
      ) : null}
    </SubPage>
  );
}
