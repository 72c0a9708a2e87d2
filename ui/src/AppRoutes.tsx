import { Route, Routes } from "react-router-dom";
import { AppLayout } from "./components/AppLayout";
import { AuditPage } from "./pages/AuditPage";
import { BookingConflictsPage } from "./pages/BookingConflictsPage";
import { ChangePasswordPage } from "./pages/ChangePasswordPage";
import { ChartPage } from "./pages/ChartPage";
import { ClaimsPage } from "./pages/ClaimsPage";
import { FeeSchedulePage } from "./pages/FeeSchedulePage";
import { InvoicePage } from "./pages/InvoicePage";
import { NewInvoicePage } from "./pages/NewInvoicePage";
import { PatientAccountPage } from "./pages/PatientAccountPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { PatientDetailPage } from "./pages/PatientDetailPage";
import { PatientEditPage } from "./pages/PatientEditPage";
import { PatientListPage } from "./pages/PatientListPage";
import { PatientNewPage } from "./pages/PatientNewPage";
import { ProvidersPage } from "./pages/ProvidersPage";
import { QueuePage } from "./pages/QueuePage";
import { RemindersPage } from "./pages/RemindersPage";
import { ReportsPage } from "./pages/ReportsPage";
import { SchedulePage } from "./pages/SchedulePage";
import { SettingsPage } from "./pages/SettingsPage";
import { SyncSettingsPage } from "./pages/SyncSettingsPage";
import { UrgentResultsPage } from "./pages/UrgentResultsPage";
import { UsersPage } from "./pages/UsersPage";

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<PatientListPage />} />
        <Route path="patients/new" element={<PatientNewPage />} />
        <Route path="patients/:id" element={<PatientDetailPage />} />
        <Route path="patients/:id/edit" element={<PatientEditPage />} />
        <Route path="patients/:id/chart" element={<ChartPage />} />
        <Route path="patients/:id/account" element={<PatientAccountPage />} />
        <Route path="patients/:id/invoices/new" element={<NewInvoicePage />} />
        <Route path="invoices/:id" element={<InvoicePage />} />
        <Route path="claims" element={<ClaimsPage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="fees" element={<FeeSchedulePage />} />
        <Route path="schedule" element={<SchedulePage />} />
        <Route path="schedule/conflicts" element={<BookingConflictsPage />} />
        <Route path="queue" element={<QueuePage />} />
        <Route path="reminders" element={<RemindersPage />} />
        <Route path="alerts" element={<UrgentResultsPage />} />
        <Route path="admin/providers" element={<ProvidersPage />} />
        <Route path="admin/users" element={<UsersPage />} />
        <Route path="admin/audit" element={<AuditPage />} />
        <Route path="admin/settings" element={<SettingsPage />} />
        <Route path="admin/sync" element={<SyncSettingsPage />} />
        <Route path="account/password" element={<ChangePasswordPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
