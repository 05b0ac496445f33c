//! Architect's limits, as its Scripting SDK codes them (`tools/oracle/data/constants.json`;
//! a test per limit compares the two): the Integer range, literal sizes, the Duration and
//! DateTime ranges, the length of an expression's text, and the length of an action's name.
//!
//! The parser refuses literals past them (`expr::parse`) and Architect flows' expression texts
//! past their length (`expr::parse_architect`) with Architect's own messages; the
//! built-ins `System.MaxInt`, `System.MaxDateTime`... give these values; the front-ends refuse
//! longer action names.

/// The largest Integer (`maxInt`); the smallest is its negation (`minInt`).
pub const MAX_INT: i64 = 999_999_999_999_999;
/// The most digits an Integer literal may have (the digits of [`MAX_INT`]).
pub const MAX_INT_DIGITS: usize = 15;
/// The most significant digits a Decimal literal may have (`maxPrecision`).
pub const MAX_PRECISION: usize = 40;
/// The longest Duration in milliseconds (`maxDurationMs`); the shortest is its negation.
pub const MAX_DURATION_MS: i64 = 999_999_999_999_999;
/// 1800-01-01T00:00:00Z in milliseconds since 1970 (`minDateTime`).
pub const MIN_DATETIME_MS: i64 = -5_364_662_400_000;
/// 2201-01-31T23:59:59Z (`maxDateTime`). It is meant to be the last second of 2200, but the SDK
/// builds it with month index 12 of 2200, which JavaScript reads as January 2201.
pub const MAX_DATETIME_MS: i64 = 7_292_332_799_000;
/// The longest an expression's text may be, in characters (`maxExpressionTextLength`).
pub const MAX_EXPRESSION_CHARS: usize = 32_000;
/// The longest an action's name may be, in characters (`maxActionNameLength`).
pub const MAX_ACTION_NAME_CHARS: usize = 200;

/// The number of significant digits of a decimal literal's text (`-0012.50` has 4): its digits
/// without the sign and the leading zeros.
pub fn significant_digits(text: &str) -> usize {
    text.chars().filter(char::is_ascii_digit).skip_while(|c| *c == '0').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sdk() -> serde_json::Value {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/oracle/data/constants.json");
        serde_json::from_str(&std::fs::read_to_string(path).expect("constants.json")).unwrap()
    }

    fn int(key: &str) -> i64 {
        sdk()[key].as_i64().unwrap_or_else(|| panic!("{key} is an integer"))
    }

    fn ms(text: &str) -> i64 {
        crate::expr::value::parse_datetime(text).unwrap_or_else(|| panic!("{text} reads"))
    }

    #[test]
    fn the_integer_range_is_architects() {
        assert_eq!(MAX_INT, int("maxInt"));
        assert_eq!(-MAX_INT, int("minInt"));
        assert_eq!(MAX_INT_DIGITS, MAX_INT.to_string().len());
    }

    #[test]
    fn the_decimal_precision_is_architects() {
        assert_eq!(MAX_PRECISION as i64, int("maxPrecision"));
        let max = sdk()["maxDecimalAsStr"].as_str().unwrap().to_owned();
        assert_eq!(significant_digits(max.trim_end_matches(".0")), MAX_PRECISION);
        assert_eq!(significant_digits("-0012.50"), 4);
    }

    #[test]
    fn the_duration_range_is_architects() {
        assert_eq!(MAX_DURATION_MS, int("maxDurationMs"));
        assert_eq!(-MAX_DURATION_MS, int("minDurationMs"));
    }

    #[test]
    fn the_datetime_range_is_architects() {
        assert_eq!(MIN_DATETIME_MS, ms(sdk()["minDateTime"].as_str().unwrap()));
        assert_eq!(MAX_DATETIME_MS, ms(sdk()["maxDateTime"].as_str().unwrap()));
    }

    #[test]
    fn the_expression_and_action_name_lengths_are_architects() {
        assert_eq!(MAX_EXPRESSION_CHARS as i64, int("maxExpressionTextLength"));
        assert_eq!(MAX_ACTION_NAME_CHARS as i64, int("maxActionNameLength"));
    }

    /// The parser takes Architect's largest and smallest Integer literals and refuses the next
    /// ones with Architect's message.
    #[test]
    fn integer_literals_past_the_range_are_refused() {
        let max = int("maxInt");
        assert_eq!(
            crate::expr::parse(&max.to_string()).unwrap().kind,
            crate::expr::ExprKind::Lit(crate::expr::Value::Int(max))
        );
        assert!(crate::expr::parse(&int("minInt").to_string()).is_ok());
        let e = crate::expr::parse(&format!("1 + {}", max + 1)).unwrap_err();
        assert_eq!(e.kind, crate::expr::ParseErrorKind::IntegerTooLarge);
        assert_eq!(
            e.message,
            format!(
                "The integer value {} at position 5 is greater than the maximum allowed of {max}",
                max + 1
            )
        );
        let e = crate::expr::parse(&(int("minInt") - 1).to_string()).unwrap_err();
        assert!(
            e.message.contains("is less than the minimum allowed of -999999999999999"),
            "{}",
            e.message
        );
    }

    #[test]
    fn decimal_literals_past_the_precision_are_refused() {
        let digits = usize::try_from(int("maxPrecision")).unwrap();
        let ok = format!("1.{}", "2".repeat(digits - 1));
        assert!(crate::expr::parse(&ok).is_ok(), "{ok}");
        let too = format!("1.{}", "2".repeat(digits));
        let e = crate::expr::parse(&too).unwrap_err();
        assert_eq!(e.kind, crate::expr::ParseErrorKind::TooPrecise);
        assert!(
            e.message.ends_with(
                "has too much precision.  It needs to have 40 digits or less of precision."
            ),
            "{}",
            e.message
        );
    }

    #[test]
    fn expression_texts_past_the_length_are_refused() {
        let max = usize::try_from(int("maxExpressionTextLength")).unwrap();
        let text = |n: usize| format!("\"{}\"", "é".repeat(n - 2));
        assert!(crate::expr::parse_architect(&text(max)).is_ok());
        let e = crate::expr::parse_architect(&text(max + 1)).unwrap_err();
        assert_eq!(e.kind, crate::expr::ParseErrorKind::TooLong);
        assert_eq!(
            e.message,
            format!("The expression text length is {} characters which exceeds the maximum allowed of {max} characters.", max + 1)
        );
    }

    /// `System.MaxInt`, `System.MinDuration`... give the limits.
    #[test]
    fn the_limit_builtins_give_the_limits() {
        use crate::expr::builtins::BUILTINS;
        use crate::expr::Value;
        let value = |name: &str| BUILTINS.iter().find(|b| b.name == name).unwrap().constant();
        assert_eq!(value("System.MaxInt"), Value::Int(int("maxInt")));
        assert_eq!(value("System.MinInt"), Value::Int(int("minInt")));
        assert_eq!(value("System.MaxDuration"), Value::Duration(int("maxDurationMs")));
        assert_eq!(value("System.MinDuration"), Value::Duration(int("minDurationMs")));
        assert_eq!(value("System.MaxDateTime").display(), sdk()["maxDateTime"].as_str().unwrap());
        assert_eq!(value("System.MinDateTime").display(), sdk()["minDateTime"].as_str().unwrap());
    }
}
