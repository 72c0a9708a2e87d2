//! Vital signs: plausible-range checks and the body mass index. Every measurement is an integer
//! in a fixed unit (temperature in tenths of a degree, height in millimetres, weight in grams):
//! no floats are stored.
//!
//! Plausible ranges, inclusive (outside them the value is a typing mistake, not a patient):
//! systolic 40–300 mmHg and above the diastolic, diastolic 20–200 mmHg, pulse 20–300 /min,
//! temperature 25.0–45.0 °C, respiratory rate 4–80 /min, SpO2 50–100 %, height 30–272 cm
//! (300–2720 mm), weight 0.3–500 kg (300–500000 g).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validation::{Collector, ValidationErrors};

/// Systolic pressure limits, mmHg.
const SYSTOLIC: (u32, u32) = (40, 300);
/// Diastolic pressure limits, mmHg.
const DIASTOLIC: (u32, u32) = (20, 200);
/// Pulse limits, beats per minute.
const PULSE: (u32, u32) = (20, 300);
/// Temperature limits, tenths of a degree Celsius.
const TEMPERATURE: (u32, u32) = (250, 450);
/// Respiratory rate limits, breaths per minute.
const RESPIRATORY: (u32, u32) = (4, 80);
/// Oxygen saturation limits, percent.
const SPO2: (u32, u32) = (50, 100);
/// Height limits, millimetres.
const HEIGHT: (u32, u32) = (300, 2720);
/// Weight limits, grams.
const WEIGHT: (u32, u32) = (300, 500_000);

/// One set of vital signs as a nurse enters it; every measurement is optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VitalsInput {
    /// Systolic blood pressure, mmHg.
    pub systolic_mmhg: Option<u32>,
    /// Diastolic blood pressure, mmHg.
    pub diastolic_mmhg: Option<u32>,
    /// Pulse, beats per minute.
    pub pulse_per_min: Option<u32>,
    /// Body temperature in tenths of a degree Celsius (371 is 37.1 °C).
    pub temperature_tenths_c: Option<u32>,
    /// Respiratory rate, breaths per minute.
    pub respiratory_rate_per_min: Option<u32>,
    /// Oxygen saturation, percent.
    pub spo2_percent: Option<u32>,
    /// Height in millimetres.
    pub height_mm: Option<u32>,
    /// Weight in grams.
    pub weight_g: Option<u32>,
}

/// A checked set of vital signs with the BMI worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Vitals {
    /// The measurements as entered.
    #[serde(flatten)]
    pub measured: VitalsInput,
    /// Body mass index in tenths of kg/m² (229 is 22.9), when height and weight are both given.
    pub bmi_tenths: Option<u32>,
}

fn in_range(c: &mut Collector, field: &str, value: Option<u32>, (low, high): (u32, u32), message: &str) {
    if value.is_some_and(|v| v < low || v > high) {
        c.add(field, message);
    }
}

impl VitalsInput {
    /// Checks that at least one measurement is given and each is plausible; returns the vitals
    /// with the BMI.
    pub fn validate(&self) -> Result<Vitals, ValidationErrors> {
        let mut c = Collector::default();
        let m = self;
        let all = [
            m.systolic_mmhg,
            m.diastolic_mmhg,
            m.pulse_per_min,
            m.temperature_tenths_c,
            m.respiratory_rate_per_min,
            m.spo2_percent,
            m.height_mm,
            m.weight_g,
        ];
        if all.iter().all(Option::is_none) {
            c.add("vitals", "Enter at least one measurement");
        }
        in_range(&mut c, "systolicMmhg", m.systolic_mmhg, SYSTOLIC, "Systolic pressure is 40 to 300 mmHg");
        in_range(&mut c, "diastolicMmhg", m.diastolic_mmhg, DIASTOLIC, "Diastolic pressure is 20 to 200 mmHg");
        match (m.systolic_mmhg, m.diastolic_mmhg) {
            (Some(_), None) => c.add("diastolicMmhg", "Enter both numbers of the blood pressure"),
            (None, Some(_)) => c.add("systolicMmhg", "Enter both numbers of the blood pressure"),
            (Some(sys), Some(dia)) if sys <= dia => {
                c.add("systolicMmhg", "The systolic pressure must be higher than the diastolic")
            }
            _ => {}
        }
        in_range(&mut c, "pulsePerMin", m.pulse_per_min, PULSE, "A pulse is 20 to 300 beats a minute");
        in_range(&mut c, "temperatureTenthsC", m.temperature_tenths_c, TEMPERATURE, "A temperature is 25.0 to 45.0 °C");
        let rr_message = "A respiratory rate is 4 to 80 breaths a minute";
        in_range(&mut c, "respiratoryRatePerMin", m.respiratory_rate_per_min, RESPIRATORY, rr_message);
        in_range(&mut c, "spo2Percent", m.spo2_percent, SPO2, "Oxygen saturation is 50 to 100 %");
        in_range(&mut c, "heightMm", m.height_mm, HEIGHT, "A height is 30 to 272 cm");
        in_range(&mut c, "weightG", m.weight_g, WEIGHT, "A weight is 0.3 to 500 kg");
        let bmi = match (m.height_mm, m.weight_g) {
            (Some(h), Some(w)) => bmi_tenths(h, w),
            _ => None,
        };
        c.finish(Vitals { measured: *self, bmi_tenths: bmi })
    }
}

/// Body mass index, weight (kg) / height (m)², in tenths of kg/m², rounded half up: 22.85 and
/// above gives 22.9, below gives 22.8. `None` for a zero height.
///
/// In integers: BMI × 10 = weight_g × 10 000 / height_mm², rounded as ⌊(2n + d) / 2d⌋.
pub fn bmi_tenths(height_mm: u32, weight_g: u32) -> Option<u32> {
    // u128 holds every product of two u32 values and their doubling without overflow.
    let height = u128::from(height_mm);
    let denominator = height * height;
    if denominator == 0 {
        return None;
    }
    let numerator = u128::from(weight_g) * 10_000;
    let rounded = (2 * numerator + denominator) / (2 * denominator);
    u32::try_from(rounded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(input: VitalsInput) -> Vec<String> {
        input.validate().map_or_else(|e| e.0.into_iter().map(|f| f.field).collect(), |_| Vec::new())
    }

    #[test]
    fn bmi_rounds_half_up_in_tenths() {
        assert_eq!(bmi_tenths(1750, 70_000), Some(229)); // 22.857
        assert_eq!(bmi_tenths(1000, 22_250), Some(223)); // exactly 22.25 rounds up
        assert_eq!(bmi_tenths(1000, 22_249), Some(222)); // 22.249 rounds down
        assert_eq!(bmi_tenths(1000, 22_200), Some(222)); // exact
        assert_eq!(bmi_tenths(2000, 100_000), Some(250));
        assert_eq!(bmi_tenths(0, 70_000), None);
        assert_eq!(bmi_tenths(u32::MAX, u32::MAX), Some(0));
    }

    #[test]
    fn at_least_one_measurement() {
        assert_eq!(field_of(VitalsInput::default()), ["vitals"]);
        assert!(VitalsInput { pulse_per_min: Some(72), ..Default::default() }.validate().is_ok());
    }

    #[test]
    fn implausible_values_are_refused_per_field() {
        let seven_hundred_kg = VitalsInput { weight_g: Some(700_000), ..Default::default() };
        assert_eq!(field_of(seven_hundred_kg), ["weightG"]);
        let no_pulse = VitalsInput { pulse_per_min: Some(0), ..Default::default() };
        assert_eq!(field_of(no_pulse), ["pulsePerMin"]);
        let err = VitalsInput { pulse_per_min: Some(0), ..Default::default() }.validate().expect_err("bad");
        assert_eq!(err.for_field("pulsePerMin").map(|e| e.message.as_str()), Some("A pulse is 20 to 300 beats a minute"));
    }

    #[test]
    fn each_range_is_inclusive_at_both_ends() {
        type Setter = fn(u32) -> VitalsInput;
        let cases: [(&str, Setter, u32, u32); 6] = [
            ("pulsePerMin", |v| VitalsInput { pulse_per_min: Some(v), ..Default::default() }, 20, 300),
            ("temperatureTenthsC", |v| VitalsInput { temperature_tenths_c: Some(v), ..Default::default() }, 250, 450),
            ("respiratoryRatePerMin", |v| VitalsInput { respiratory_rate_per_min: Some(v), ..Default::default() }, 4, 80),
            ("spo2Percent", |v| VitalsInput { spo2_percent: Some(v), ..Default::default() }, 50, 100),
            ("heightMm", |v| VitalsInput { height_mm: Some(v), ..Default::default() }, 300, 2720),
            ("weightG", |v| VitalsInput { weight_g: Some(v), ..Default::default() }, 300, 500_000),
        ];
        for (field, make, low, high) in cases {
            assert!(field_of(make(low)).is_empty(), "{field} {low}");
            assert!(field_of(make(high)).is_empty(), "{field} {high}");
            assert_eq!(field_of(make(low - 1)), [field], "{field} {}", low - 1);
            assert_eq!(field_of(make(high + 1)), [field], "{field} {}", high + 1);
        }
    }

    #[test]
    fn blood_pressure_is_a_plausible_pair() {
        let bp = |s, d| VitalsInput { systolic_mmhg: s, diastolic_mmhg: d, ..Default::default() };
        assert!(field_of(bp(Some(120), Some(80))).is_empty());
        assert!(field_of(bp(Some(40), Some(20))).is_empty());
        assert!(field_of(bp(Some(300), Some(200))).is_empty());
        assert_eq!(field_of(bp(Some(39), Some(20))), ["systolicMmhg"]);
        assert_eq!(field_of(bp(Some(301), Some(80))), ["systolicMmhg"]);
        assert_eq!(field_of(bp(Some(120), Some(19))), ["diastolicMmhg"]);
        assert_eq!(field_of(bp(Some(250), Some(201))), ["diastolicMmhg"]);
        assert_eq!(field_of(bp(Some(80), Some(80))), ["systolicMmhg"]);
        assert!(field_of(bp(Some(81), Some(80))).is_empty());
        assert_eq!(field_of(bp(Some(120), None)), ["diastolicMmhg"]);
        assert_eq!(field_of(bp(None, Some(80))), ["systolicMmhg"]);
    }

    #[test]
    fn bmi_comes_with_height_and_weight() {
        let v = VitalsInput { height_mm: Some(1750), weight_g: Some(70_000), ..Default::default() };
        assert_eq!(v.validate().expect("valid").bmi_tenths, Some(229));
        let only_weight = VitalsInput { weight_g: Some(70_000), ..Default::default() };
        assert_eq!(only_weight.validate().expect("valid").bmi_tenths, None);
        let json = serde_json::to_value(v.validate().expect("valid")).expect("json");
        assert_eq!((json["weightG"].as_u64(), json["bmiTenths"].as_u64()), (Some(70_000), Some(229)));
    }
}
