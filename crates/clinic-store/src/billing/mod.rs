//! Billing's tables (docs/billing.md): the fee schedule, invoices and credit notes with their
//! lines, payments and refunds, insurance policies and claims. The rules live in
//! `clinic_core::billing`; this module stores and reads. Every write is audited.

mod claims;
mod invoices;
mod payments;
mod reports;
mod rows;
mod services;
mod settings;
