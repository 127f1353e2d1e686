import { Input, type InputProps, type InputRef } from 'antd-mobile';
import { useEffect, useRef } from 'react';

/**
 * antd-mobile puts data-* attributes on the input's wrapper; end-to-end tests
 * fill the native <input>, so the test id is set there instead.
 */
export function TestIdInput({ testId, ...props }: InputProps & { testId: string }) {
  const ref = useRef<InputRef>(null);
  useEffect(() => {
    ref.current?.nativeElement?.setAttribute('data-testid', testId);
  }, [testId]);
  return <Input ref={ref} {...props} />;
}
