//! The growth ledger (增长账本): sign-ups and orders, channels, referrals, costs and renewals,
//! the business an operator is judged by (用户规模, 付费人数, 续费人数). Money is integer fen
//! everywhere; rates are computed when asked for, never stored.
//!
//! Built in steps (issue 18): first the words of the order sheets operators export — amounts,
//! channel spellings, order statuses — then the records, the import, the report.

pub mod channels;
pub mod money;
pub mod status;
