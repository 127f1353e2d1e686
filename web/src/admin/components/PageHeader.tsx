import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** The title block every page starts with: title, one line of explanation, actions on the right. */
export function PageHeader({ title, subtitle, extra }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <Flex className="tx-page-header" justify="space-between" align="flex-end" gap={16} wrap>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {subtitle ? (
          <Typography.Text type="secondary" className="tx-page-subtitle">
            {subtitle}
          </Typography.Text>
        ) : null}
      </div>
      {extra ? <div className="tx-page-extra">{extra}</div> : null}
    </Flex>
  );
}
