//! The currencies Architect supports: the ISO 4217 codes `MakeCurrency`, `MakeListCurrency`,
//! `ConvertCurrency` and `GetCurrencySymbol` accept, each with the symbol `GetCurrencySymbol`
//! gives (`USD` is `$`; a currency without a symbol of its own gives its code).
//!
//! The table between the markers is generated from Architect's Scripting SDK
//! (`tools/oracle/data/currencies.json`); `FLOWSIM_UPDATE_DOCS=1 cargo test -p flowsim-expr
//! currencies` rewrites it, and the test fails when it differs.

/// The symbol of a currency code Architect supports, in any case (`"usd"` is `USD`); `None`
/// for a code it does not support.
#[must_use]
pub fn symbol(code: &str) -> Option<&'static str> {
    let code: [u8; 3] = code.as_bytes().try_into().ok()?;
    let code = code.map(|b| b.to_ascii_uppercase());
    CURRENCIES.binary_search_by(|(c, _)| c.as_bytes().cmp(&code[..])).ok().map(|i| CURRENCIES[i].1)
}

/// Whether Architect supports the currency code, in any case.
#[must_use]
pub fn is_supported(code: &str) -> bool {
    symbol(code).is_some()
}

// generated:start
/// (code, symbol), sorted by code.
#[rustfmt::skip]
pub const CURRENCIES: &[(&str, &str)] = &[
    ("AED", "AED"),
    ("AFN", "AFN"),
    ("ALL", "ALL"),
    ("AMD", "AMD"),
    ("ANG", "ANG"),
    ("AOA", "AOA"),
    ("ARS", "ARS"),
    ("AUD", "A$"),
    ("AWG", "AWG"),
    ("AZN", "AZN"),
    ("BAM", "BAM"),
    ("BBD", "BBD"),
    ("BDT", "BDT"),
    ("BGN", "BGN"),
    ("BHD", "BHD"),
    ("BIF", "BIF"),
    ("BMD", "BMD"),
    ("BND", "BND"),
    ("BOB", "BOB"),
    ("BRL", "R$"),
    ("BSD", "BSD"),
    ("BTN", "BTN"),
    ("BWP", "BWP"),
    ("BYR", "BYR"),
    ("BZD", "BZD"),
    ("CAD", "CA$"),
    ("CDF", "CDF"),
    ("CHF", "CHF"),
    ("CLP", "CLP"),
    ("CNY", "CN¥"),
    ("COP", "COP"),
    ("CRC", "CRC"),
    ("CUC", "CUC"),
    ("CUP", "CUP"),
    ("CVE", "CVE"),
    ("CZK", "CZK"),
    ("DJF", "DJF"),
    ("DKK", "DKK"),
    ("DOP", "DOP"),
    ("DZD", "DZD"),
    ("EGP", "EGP"),
    ("ERN", "ERN"),
    ("ETB", "ETB"),
    ("EUR", "€"),
    ("FJD", "FJD"),
    ("FKP", "FKP"),
    ("GBP", "£"),
    ("GEL", "GEL"),
    ("GHS", "GHS"),
    ("GIP", "GIP"),
    ("GMD", "GMD"),
    ("GNF", "GNF"),
    ("GTQ", "GTQ"),
    ("GWP", "GWP"),
    ("GYD", "GYD"),
    ("HKD", "HK$"),
    ("HNL", "HNL"),
    ("HRK", "HRK"),
    ("HTG", "HTG"),
    ("HUF", "HUF"),
    ("IDR", "IDR"),
    ("ILS", "₪"),
    ("INR", "₹"),
    ("IQD", "IQD"),
    ("IRR", "IRR"),
    ("ISK", "ISK"),
    ("JMD", "JMD"),
    ("JOD", "JOD"),
    ("JPY", "¥"),
    ("KES", "KES"),
    ("KGS", "KGS"),
    ("KHR", "KHR"),
    ("KMF", "KMF"),
    ("KPW", "KPW"),
    ("KRW", "₩"),
    ("KWD", "KWD"),
    ("KYD", "KYD"),
    ("KZT", "KZT"),
    ("LAK", "LAK"),
    ("LBP", "LBP"),
    ("LKR", "LKR"),
    ("LRD", "LRD"),
    ("LSL", "LSL"),
    ("LTL", "LTL"),
    ("LVL", "LVL"),
    ("LYD", "LYD"),
    ("MAD", "MAD"),
    ("MDL", "MDL"),
    ("MGA", "MGA"),
    ("MKD", "MKD"),
    ("MMK", "MMK"),
    ("MNT", "MNT"),
    ("MOP", "MOP"),
    ("MRO", "MRO"),
    ("MUR", "MUR"),
    ("MVR", "MVR"),
    ("MWK", "MWK"),
    ("MXN", "MX$"),
    ("MYR", "MYR"),
    ("MZE", "MZE"),
    ("MZN", "MZN"),
    ("NAD", "NAD"),
    ("NGN", "NGN"),
    ("NIO", "NIO"),
    ("NOK", "NOK"),
    ("NPR", "NPR"),
    ("NZD", "NZ$"),
    ("OMR", "OMR"),
    ("PAB", "PAB"),
    ("PEN", "PEN"),
    ("PGK", "PGK"),
    ("PHP", "PHP"),
    ("PKR", "PKR"),
    ("PLN", "PLN"),
    ("PYG", "PYG"),
    ("QAR", "QAR"),
    ("RON", "RON"),
    ("RSD", "RSD"),
    ("RUB", "RUB"),
    ("RWF", "RWF"),
    ("SAR", "SAR"),
    ("SBD", "SBD"),
    ("SCR", "SCR"),
    ("SDG", "SDG"),
    ("SEK", "SEK"),
    ("SGD", "SGD"),
    ("SHP", "SHP"),
    ("SKK", "SKK"),
    ("SLL", "SLL"),
    ("SOS", "SOS"),
    ("SRD", "SRD"),
    ("SSP", "SSP"),
    ("STD", "STD"),
    ("SVC", "SVC"),
    ("SYP", "SYP"),
    ("SZL", "SZL"),
    ("THB", "฿"),
    ("TJS", "TJS"),
    ("TMT", "TMT"),
    ("TND", "TND"),
    ("TOP", "TOP"),
    ("TRY", "TRY"),
    ("TTD", "TTD"),
    ("TWD", "NT$"),
    ("TZS", "TZS"),
    ("UAH", "UAH"),
    ("UGX", "UGX"),
    ("USD", "$"),
    ("UYU", "UYU"),
    ("UZS", "UZS"),
    ("VEF", "VEF"),
    ("VND", "₫"),
    ("VUV", "VUV"),
    ("WST", "WST"),
    ("XAF", "FCFA"),
    ("XCD", "EC$"),
    ("XOF", "CFA"),
    ("XPF", "CFPF"),
    ("YER", "YER"),
    ("ZAR", "ZAR"),
    ("ZMW", "ZMW"),
];
// generated:end

#[cfg(test)]
mod tests {
    use super::*;

    fn render(all: &serde_json::Value) -> String {
        let mut lines = vec![
            "/// (code, symbol), sorted by code.".to_owned(),
            "#[rustfmt::skip]".to_owned(),
            "pub const CURRENCIES: &[(&str, &str)] = &[".to_owned(),
        ];
        for c in all.as_array().expect("a list of currencies") {
            let text = |k: &str| c[k].as_str().expect("text").to_owned();
            lines.push(format!("    ({:?}, {:?}),", text("code"), text("symbol")));
        }
        lines.push("];".to_owned());
        lines.join("\n") + "\n"
    }

    #[test]
    fn currencies_are_the_sdks() {
        let dir = env!("CARGO_MANIFEST_DIR");
        let data =
            std::fs::read_to_string(format!("{dir}/../../tools/oracle/data/currencies.json"))
                .expect("currencies.json");
        let want = render(&serde_json::from_str(&data).unwrap());
        crate::util::assert_generated(
            "crates/flowsim-expr/src/expr/currencies.rs",
            "// generated:start\n",
            "// generated:end\n",
            &want,
        );
    }

    #[test]
    fn codes_are_sorted_for_the_search_and_read_in_any_case() {
        assert!(CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(symbol("USD"), Some("$"));
        assert_eq!(symbol("eur"), Some("€"));
        assert_eq!(symbol("AED"), Some("AED"));
        assert_eq!(symbol("XYZ"), None);
        assert_eq!(symbol(" USD"), None);
        assert_eq!(symbol(""), None);
    }
}
