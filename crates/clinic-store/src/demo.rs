//! A made-up demo clinic: realistic, varied patients for `make run` and the benchmark.
//! Every name, phone and address here is invented.

use chrono::{Days, NaiveDate};
use clinic_core::{BloodGroup, PatientInput, Sex};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

const FEMALE: &[&str] = &[
    "Maria",
    "Sofia",
    "Amelia",
    "Olivia",
    "Zoë",
    "Chloé",
    "Aisha",
    "Fatima",
    "Mei",
    "Yuki",
    "Priya",
    "Ananya",
    "Ingrid",
    "Astrid",
    "Eleanor",
    "Grace",
    "Hannah",
    "Isabella",
    "Julia",
    "Katarzyna",
    "Lucía",
    "Mariana",
    "Nadia",
    "Olga",
    "Paula",
    "Rosa",
    "Sara",
    "Tamar",
    "Ursula",
    "Valentina",
    "Wanjiru",
    "Ximena",
    "Yasmin",
    "Zainab",
    "Agnieszka",
    "Beatriz",
    "Camille",
    "Daniela",
    "Elif",
    "Freya",
    "Gabriela",
    "Helena",
    "Irene",
    "Jasmine",
    "Leila",
    "Margaret",
    "Noor",
    "Rebecca",
    "Siobhan",
    "Thandiwe",
];
const MALE: &[&str] = &[
    "James", "Mohammed", "Liam", "Noah", "José", "Mateo", "Wei", "Hiroshi", "Arjun", "Rahul", "Lars", "Søren", "Oliver", "Ethan",
    "Lucas", "Gabriel", "Henrik", "Ivan", "Jakub", "Kwame", "Luis", "Marco", "Nikolai", "Omar", "Pedro", "Quentin", "Rafael",
    "Samuel", "Tomás", "Umar", "Viktor", "William", "Xavier", "Yusuf", "Zoltán", "Adebayo", "Bruno", "Carlos", "Daniel", "Emil",
    "Felix", "George", "Hassan", "Isaac", "Jonathan", "Kenji", "Leon", "Michael", "Patrick", "Thomas",
];
const FAMILY: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "García",
    "Miller",
    "Davis",
    "Rodríguez",
    "Martínez",
    "Hernández",
    "López",
    "González",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Pérez",
    "Thompson",
    "White",
    "Harris",
    "Sánchez",
    "Clark",
    "Ramírez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Kowalski",
    "Nowak",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Dubois",
    "Lefèvre",
    "Moreau",
    "Laurent",
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Kim",
    "Park",
    "Choi",
    "Tanaka",
    "Suzuki",
    "Takahashi",
    "Watanabe",
    "Wang",
    "Zhang",
    "Chen",
    "Liu",
    "Singh",
    "Patel",
    "Sharma",
    "Gupta",
    "Khan",
    "Ali",
    "Hussain",
    "Okafor",
    "Mensah",
    "Osei",
    "Abebe",
    "Haile",
    "Novak",
    "Horvat",
    "Jensen",
    "Nielsen",
    "Hansen",
    "Johansson",
    "Andersson",
    "Virtanen",
    "Kovačević",
    "Popescu",
    "Ivanova",
    "Petrov",
    "O'Brien",
    "Murphy",
    "Kelly",
    "Byrne",
    "MacDonald",
    "Fraser",
    "Abernathy",
    "Nakamura",
    "Øberg",
    "Ñúñez",
    "Castillo",
    "Vargas",
    "Mendoza",
    "Silva",
    "Santos",
    "Oliveira",
    "Costa",
];
const CITIES: &[(&str, &str)] = &[
    ("Springfield", "IL"),
    ("Riverside", "CA"),
    ("Fairview", "TN"),
    ("Greenville", "SC"),
    ("Madison", "WI"),
    ("Clinton", "IA"),
    ("Georgetown", "TX"),
    ("Salem", "OR"),
    ("Franklin", "MA"),
    ("Bristol", "CT"),
];
const STREETS: &[&str] =
    &["Oak Street", "Maple Avenue", "Cedar Lane", "Elm Road", "Pine Court", "Lakeview Drive", "Hill Street", "Park Avenue"];
const INSURERS: &[&str] = &["Northwind Health", "Contoso Mutual", "Fabrikam Care", "Tailspin Insurance", "Woodgrove Health Plan"];
const RELATIONS: &[&str] = &["Spouse", "Mother", "Father", "Daughter", "Son", "Sister", "Brother", "Friend", "Partner"];

/// Makes `count` demo patients, the same ones for the same `seed`.
pub fn demo_patients(count: usize, seed: u64, today: NaiveDate) -> Vec<PatientInput> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..count).map(|_| demo_patient(&mut rng, today)).collect()
}

fn pick<'a>(rng: &mut StdRng, items: &'a [&'a str]) -> &'a str {
    items.choose(rng).copied().unwrap_or_default()
}

fn demo_patient(rng: &mut StdRng, today: NaiveDate) -> PatientInput {
    let female = rng.random_bool(0.52);
    let given = pick(rng, if female { FEMALE } else { MALE }).to_string();
    let family = pick(rng, FAMILY).to_string();
    let (city, region) = CITIES.choose(rng).copied().unwrap_or(("Springfield", "IL"));
    let age_days = rng.random_range(0..(95 * 365));
    let date_of_birth = today.checked_sub_days(Days::new(age_days)).unwrap_or(today);
    // 555-01xx numbers are reserved for fiction; the rest of the digits vary.
    let phone = format!("+1 555 01{:02} {:04}", rng.random_range(0..100), rng.random_range(0..10_000));
    let has_email = rng.random_bool(0.7);
    let insured = rng.random_bool(0.8);
    let ascii = |s: &str| clinic_core::search::fold(s).chars().filter(char::is_ascii_alphanumeric).collect::<String>();
    PatientInput {
        given_name: given.clone(),
        middle_name: if rng.random_bool(0.25) {
            pick(rng, if female { FEMALE } else { MALE }).to_string()
        } else {
            String::new()
        },
        family_name: family.clone(),
        preferred_name: String::new(),
        date_of_birth: date_of_birth.format("%Y-%m-%d").to_string(),
        sex: Some(if female { Sex::Female } else { Sex::Male }),
        phone,
        email: if has_email {
            format!("{}.{}{}@example.com", ascii(&given), ascii(&family), rng.random_range(1..1000))
        } else {
            String::new()
        },
        address_line1: format!("{} {}", rng.random_range(1..2000), pick(rng, STREETS)),
        address_line2: String::new(),
        city: city.to_string(),
        region: region.to_string(),
        postal_code: format!("{:05}", rng.random_range(10_000..99_999)),
        country: "United States".into(),
        blood_group: if rng.random_bool(0.6) { BloodGroup::ALL.choose(rng).copied() } else { None },
        emergency_contact_name: format!("{} {}", pick(rng, if female { MALE } else { FEMALE }), family),
        emergency_contact_relationship: pick(rng, RELATIONS).to_string(),
        emergency_contact_phone: format!("+1 555 01{:02} {:04}", rng.random_range(0..100), rng.random_range(0..10_000)),
        insurance_provider: if insured { pick(rng, INSURERS).to_string() } else { String::new() },
        insurance_policy_number: if insured { format!("POL{:08}", rng.random_range(0..100_000_000)) } else { String::new() },
        insurance_group_number: if insured { format!("GRP{:04}", rng.random_range(0..10_000)) } else { String::new() },
        notes: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_patients_are_valid_and_repeatable() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        let a = demo_patients(300, 7, today);
        assert_eq!(a, demo_patients(300, 7, today));
        for p in &a {
            p.validate(today).expect("every demo patient passes validation");
        }
    }
}
