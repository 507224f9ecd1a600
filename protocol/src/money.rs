//! Money on the wire: an exact decimal amount written as a string
//! (`"59.70"`) and an ISO 4217 currency code (`"EUR"`). Never a float.
//!
//! Both sides compute in integer minor units (cents): [`Money::from_minor`],
//! [`Money::minor`] and [`parse_amount`] convert exactly, with the number of
//! decimals of the currency ([`currency_decimals`]).

use serde::{Deserialize, Serialize};

/// An amount of money.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// Exact decimal with `.` as separator and exactly the currency's number
    /// of decimals, e.g. `"59.70"`, `"-3.00"`, `"1200"` (JPY). Format it with
    /// the reader's locale; never parse it into a float.
    pub amount: String,
    /// ISO 4217 code, e.g. `"EUR"`.
    pub currency: String,
}

impl Money {
    /// An amount of `minor` units (cents for EUR) of `currency`.
    pub fn from_minor(minor: i64, currency: &str) -> Self {
        Self {
            amount: format_minor(minor, currency_decimals(currency)),
            currency: currency.to_owned(),
        }
    }

    /// The amount in minor units, or `None` if `amount` is not an exact
    /// decimal with at most the currency's number of decimals.
    pub fn minor(&self) -> Option<i64> {
        parse_amount(&self.amount, currency_decimals(&self.currency)).ok()
    }
}

impl std::fmt::Display for Money {
    /// `59.70 EUR`: the English rendering used in plain-text messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// Number of decimals of a currency (ISO 4217 minor unit): 0 for the yen,
/// the won and a few others, 3 for the Gulf dinars, 2 for everything else.
pub fn currency_decimals(currency: &str) -> u32 {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// Whether `code` looks like an ISO 4217 code: three capital letters.
pub fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Why an amount does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Not a decimal number (letters, several separators, empty...).
    NotANumber,
    /// More decimals than the currency has.
    TooManyDecimals,
    /// Too large to be stored.
    TooLarge,
}

/// Parses an exact decimal (`"19.9"`, `"19.90"`, `"-3"`, `"1 200,50"` is
/// refused: use `.` and no grouping) into minor units of a currency with
/// `decimals` decimals.
pub fn parse_amount(text: &str, decimals: u32) -> Result<i64, AmountError> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err(AmountError::NotANumber);
    }
    if digits.contains('.') && fraction.is_empty() {
        return Err(AmountError::NotANumber);
    }
    if fraction.len() > decimals as usize {
        return Err(AmountError::TooManyDecimals);
    }
    let scale = 10i64.pow(decimals);
    let whole: i64 = whole.parse().map_err(|_| AmountError::TooLarge)?;
    let mut cents: i64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().map_err(|_| AmountError::NotANumber)?
    };
    for _ in fraction.len()..decimals as usize {
        cents *= 10;
    }
    let value = whole
        .checked_mul(scale)
        .and_then(|value| value.checked_add(cents))
        .ok_or(AmountError::TooLarge)?;
    Ok(if negative { -value } else { value })
}

/// Writes minor units as an exact decimal with `decimals` decimals.
pub fn format_minor(minor: i64, decimals: u32) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let value = minor.unsigned_abs();
    if decimals == 0 {
        return format!("{sign}{value}");
    }
    let scale = 10u64.pow(decimals);
    format!(
        "{sign}{}.{:0width$}",
        value / scale,
        value % scale,
        width = decimals as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_round_trip_exactly() {
        assert_eq!(Money::from_minor(5970, "EUR").amount, "59.70");
        assert_eq!(Money::from_minor(-5, "EUR").amount, "-0.05");
        assert_eq!(Money::from_minor(1200, "JPY").amount, "1200");
        assert_eq!(Money::from_minor(1500, "KWD").amount, "1.500");
        assert_eq!(parse_amount("19.9", 2), Ok(1990));
        assert_eq!(parse_amount(" 19.90 ", 2), Ok(1990));
        assert_eq!(parse_amount("-3", 2), Ok(-300));
        assert_eq!(Money::from_minor(5970, "EUR").minor(), Some(5970));
        assert_eq!(Money::from_minor(5970, "EUR").to_string(), "59.70 EUR");
    }

    #[test]
    fn refuses_what_is_not_an_exact_amount() {
        assert_eq!(parse_amount("19.999", 2), Err(AmountError::TooManyDecimals));
        assert_eq!(parse_amount("12.5", 0), Err(AmountError::TooManyDecimals));
        for bad in ["", "abc", "1,5", "1.", ".5", "1e3", "1 000", "--1", "NaN"] {
            assert_eq!(parse_amount(bad, 2), Err(AmountError::NotANumber), "{bad}");
        }
        assert_eq!(
            parse_amount("99999999999999999999", 2),
            Err(AmountError::TooLarge)
        );
        assert!(is_currency_code("EUR"));
        assert!(!is_currency_code("eur"));
    }
}
