import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import '../shared/i18n';
import { createQueryClient } from '../shared/query';
import { App } from './App';
import './admin.css';
import { AdminProviders } from './Providers';

const client = createQueryClient();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <AdminProviders client={client}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </AdminProviders>
    </StrictMode>,
  );
}
