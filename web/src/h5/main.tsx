import { unstableSetRender } from 'antd-mobile';
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import '../shared/i18n';
import { createQueryClient } from '../shared/query';
import { App } from './App';
import './h5.css';
import { H5Providers } from './Providers';

// antd-mobile 5 renders Toast/Dialog with ReactDOM.render, which React 19 removed: give it createRoot.
unstableSetRender((node, container) => {
  const holder = container as (Element | DocumentFragment) & { __txRoot?: Root };
  holder.__txRoot ??= createRoot(container);
  const root = holder.__txRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    delete holder.__txRoot;
  };
});

const client = createQueryClient();
const el = document.getElementById('root');
if (el) {
  createRoot(el).render(
    <StrictMode>
      <H5Providers client={client}>
        <BrowserRouter basename="/h5">
          <App />
        </BrowserRouter>
      </H5Providers>
    </StrictMode>,
  );
}
