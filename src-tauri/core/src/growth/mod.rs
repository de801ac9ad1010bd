//! The growth ledger (增长账本): sign-ups and orders, channels, referrals, costs and renewals,
//! the business an operator is judged by (用户规模, 付费人数, 续费人数). Money is integer fen
//! everywhere; rates are computed when asked for, never stored.
//!
//! Floors, lowest first: the words of the sheets (`money`, `status`, `channels`, `sheet`), the
//! records (`orders`, `costs`, `completion`), then what reads them (`import`, `report`).

pub mod channels;
pub mod completion;
pub mod costs;
pub mod import;
pub mod money;
pub mod orders;
mod people;
pub mod referrals;
pub mod renewals;
pub mod report;
pub mod sheet;
pub mod status;
