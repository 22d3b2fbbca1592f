/**
 * Word lists for plausible demo companies and people. All plain ASCII, one word or a few words
 * without hyphens, so that names slugify into unique domains and emails without transliteration.
 */

/** Brand-like first words of company names ("Northwind", "Bluepeak"). */
export const COMPANY_PREFIXES = [
  "Northwind", "Bluepeak", "Ironwood", "Silverline", "Redstone", "Brightwater", "Clearpath", "Summit", "Evergreen",
  "Granite", "Harbor", "Keystone", "Lakeshore", "Meridian", "Nimbus", "Oakridge", "Pinnacle", "Quantum", "Riverbend",
  "Sapphire", "Stonebridge", "Sunfield", "Tidewater", "Vertex", "Westbrook", "Zenith", "Alder", "Amber", "Apex",
  "Arbor", "Atlas", "Aurora", "Beacon", "Birch", "Boulder", "Cascade", "Cedar", "Cobalt", "Copper", "Coral",
  "Crescent", "Crimson", "Delta", "Eagle", "Ember", "Falcon", "Fjord", "Foxglove", "Frontier", "Glacier", "Golden",
  "Harvest", "Helix", "Horizon", "Indigo", "Juniper", "Kestrel", "Lumen", "Magnolia", "Maple", "Mosaic", "Nova",
  "Obsidian", "Onyx", "Orchid", "Orion", "Pacific", "Paragon", "Pioneer", "Polaris", "Prairie", "Prism", "Quarry",
  "Radiant", "Raven", "Ridgeline", "Sable", "Sequoia", "Sierra", "Solstice", "Spruce", "Sterling", "Talon", "Terra",
  "Thistle", "Timber", "Topaz", "Trident", "Bayview", "Valley", "Vanguard", "Verdant", "Willow", "Windward", "Zephyr",
  "Aspen", "Bramble", "Canyon", "Driftwood", "Fairview", "Greystone", "Highland", "Ivory", "Jasper", "Kingsley",
  "Larkspur", "Marlin", "Northstar", "Osprey", "Peregrine", "Quill", "Rowan", "Saltwater", "Thornbury", "Upland",
  "Vireo", "Wrenfield", "Yarrow", "Anchor", "Bluebird", "Cloverleaf", "Dawnlight", "Elmwood", "Firefly", "Goldcrest",
] as const;

/** Industry-flavoured second words, so a "Bluepeak Logistics" is usually in Logistics. */
export const COMPANY_CORES: Record<string, readonly string[]> = {
  Software: ["Software", "Systems", "Labs", "Cloud", "Data", "Analytics", "Digital", "Networks", "Security", "Technologies", "Apps", "Code"],
  "Financial Services": ["Capital", "Financial", "Bank", "Payments", "Insurance", "Wealth", "Lending", "Trust", "Securities", "Credit", "Asset Management"],
  Healthcare: ["Health", "Medical", "Care", "Bio", "Pharma", "Clinics", "Diagnostics", "Therapeutics", "Biosciences", "Wellness", "Life Sciences"],
  Manufacturing: ["Manufacturing", "Industries", "Materials", "Components", "Machinery", "Robotics", "Fabrication", "Plastics", "Metals", "Tooling", "Instruments"],
  Retail: ["Retail", "Outfitters", "Brands", "Goods", "Markets", "Apparel", "Home", "Foods", "Stores", "Supply"],
  Education: ["Learning", "Academy", "Education", "Institute", "Tutors", "Campus", "Knowledge", "Schools"],
  Telecommunications: ["Telecom", "Communications", "Wireless", "Mobile", "Broadband", "Fiber", "Connect", "Networks"],
  Media: ["Media", "Studios", "Publishing", "Entertainment", "Broadcasting", "Productions", "Press", "Pictures"],
  Logistics: ["Logistics", "Freight", "Shipping", "Transport", "Cargo", "Distribution", "Express", "Haulage", "Fleet"],
  Energy: ["Energy", "Power", "Renewables", "Solar", "Utilities", "Grid", "Wind", "Resources"],
  "Professional Services": ["Consulting", "Partners", "Advisory", "Associates", "Solutions", "Legal", "Accounting", "Staffing", "Strategy"],
  Government: ["County", "City Council", "Public Services", "Transit Authority", "Water Authority", "Municipal Services", "Regional Council", "Port Authority"],
};

/** Optional third words ("Northwind Analytics Group"); empty strings weight the plain two-word form. */
export const COMPANY_DESCRIPTORS = ["", "", "", "", "", "Group", "Holdings", "International", "Global", "Worldwide", "Co"] as const;

/** Legal-form suffixes by country, appended to some company names ("Bluepeak Logistics GmbH"). */
export const LEGAL_SUFFIXES: Record<string, readonly string[]> = {
  "United States": ["Inc.", "LLC", "Corp."],
  Canada: ["Inc.", "Ltd."],
  Mexico: ["S.A. de C.V."],
  Germany: ["GmbH", "AG"],
  "United Kingdom": ["Ltd", "plc"],
  France: ["SAS", "SA"],
  Netherlands: ["B.V.", "N.V."],
  Sweden: ["AB"],
  Spain: ["S.L.", "S.A."],
  Italy: ["S.p.A.", "S.r.l."],
  Switzerland: ["AG", "GmbH", "SA"],
  Poland: ["Sp. z o.o.", "S.A."],
  Ireland: ["Ltd", "DAC"],
  "South Africa": ["(Pty) Ltd"],
  "United Arab Emirates": ["LLC", "FZ-LLC"],
  Japan: ["K.K."],
  Australia: ["Pty Ltd"],
  Singapore: ["Pte. Ltd."],
  India: ["Pvt. Ltd.", "Ltd."],
  "South Korea": ["Co., Ltd."],
  "New Zealand": ["Ltd"],
  Brazil: ["Ltda.", "S.A."],
  Argentina: ["S.A.", "S.R.L."],
  Chile: ["SpA", "S.A."],
  Colombia: ["S.A.S."],
};

/** Country-code top-level domains (companies outside the US still often use .com). */
export const COUNTRY_TLDS: Record<string, string> = {
  "United States": ".com", Canada: ".ca", Mexico: ".mx", Germany: ".de", "United Kingdom": ".co.uk", France: ".fr",
  Netherlands: ".nl", Sweden: ".se", Spain: ".es", Italy: ".it", Switzerland: ".ch", Poland: ".pl", Ireland: ".ie",
  "South Africa": ".co.za", "United Arab Emirates": ".ae", Japan: ".co.jp", Australia: ".com.au", Singapore: ".sg",
  India: ".in", "South Korea": ".co.kr", "New Zealand": ".co.nz", Brazil: ".com.br", Argentina: ".com.ar", Chile: ".cl",
  Colombia: ".com.co",
};

/** Relative frequency of each country within its region (REGIONS order is not assumed). */
export const COUNTRY_WEIGHTS: Record<string, number> = {
  "United States": 82, Canada: 12, Mexico: 6,
  Germany: 20, "United Kingdom": 22, France: 12, Netherlands: 8, Sweden: 5, Spain: 6, Italy: 6, Switzerland: 5,
  Poland: 5, Ireland: 4, "South Africa": 3, "United Arab Emirates": 4,
  Japan: 25, Australia: 25, Singapore: 12, India: 22, "South Korea": 10, "New Zealand": 6,
  Brazil: 50, Argentina: 15, Chile: 15, Colombia: 20,
};

export const FIRST_NAMES = [
  "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William",
  "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Daniel", "Karen", "Matthew", "Nancy",
  "Anthony", "Lisa", "Mark", "Emily", "Steven", "Michelle", "Andrew", "Laura", "Kevin", "Rachel", "Brian", "Anna",
  "Lukas", "Sophie", "Jonas", "Lea", "Mateo", "Lucia", "Hugo", "Camille", "Liam", "Emma", "Noah", "Olivia", "Arjun",
  "Priya", "Rahul", "Ananya", "Kenji", "Yuki", "Haruto", "Sakura", "Minjun", "Jiwoo", "Wei", "Mei", "Oliver",
  "Charlotte", "Lars", "Ingrid", "Jakub", "Zofia", "Rafael", "Gabriela", "Diego", "Valentina", "Omar", "Layla",
  "Thabo", "Naledi", "Sean", "Aoife", "Marco", "Giulia", "Pierre", "Chloe", "Felix", "Mia",
] as const;

export const LAST_NAMES = [
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Wilson",
  "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark",
  "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Mueller",
  "Schmidt", "Schneider", "Fischer", "Weber", "Dubois", "Laurent", "Bernard", "Rossi", "Russo", "Bianchi",
  "Fernandez", "Lopez", "Gonzalez", "Silva", "Santos", "Oliveira", "Jansen", "DeVries", "Andersson", "Johansson",
  "Nowak", "Kowalski", "Murphy", "Kelly", "OBrien", "Sato", "Suzuki", "Tanaka", "Kim", "Park", "Choi", "Patel",
  "Sharma", "Singh", "Gupta", "Chen", "Wang", "Tan", "Nguyen", "Haddad", "Khan", "Dlamini", "Nkosi", "Cohen",
  "Novak", "Horvat",
] as const;

/**
 * Job titles by seniority and department. The executive department only exists at c_level (the
 * generator forces that), so the other seniorities leave it out.
 */
export const TITLES: Record<string, Partial<Record<string, readonly string[]>>> = {
  c_level: {
    executive: ["CEO", "Chief Executive Officer", "President", "Founder & CEO"],
    marketing: ["CMO", "Chief Marketing Officer"],
    sales: ["CRO", "Chief Revenue Officer", "Chief Sales Officer"],
    it: ["CIO", "Chief Information Officer"],
    engineering: ["CTO", "Chief Technology Officer"],
    finance: ["CFO", "Chief Financial Officer"],
    operations: ["COO", "Chief Operating Officer"],
    hr: ["CHRO", "Chief People Officer"],
  },
  vp: {
    marketing: ["VP Marketing", "VP of Demand Generation", "VP Growth"],
    sales: ["VP Sales", "VP of Revenue Operations", "VP of Sales"],
    it: ["VP of IT", "VP Information Technology"],
    engineering: ["VP Engineering", "VP of Data"],
    finance: ["VP Finance"],
    operations: ["VP Operations"],
    hr: ["VP People", "VP Human Resources"],
  },
  director: {
    marketing: ["Director of Marketing", "Director of Demand Generation", "Director of Marketing Operations"],
    sales: ["Director of Sales", "Director of Sales Operations"],
    it: ["Director of IT", "IT Director"],
    engineering: ["Director of Engineering", "Director of Data Engineering"],
    finance: ["Finance Director", "Director of FP&A"],
    operations: ["Director of Operations", "Director of Business Operations"],
    hr: ["HR Director", "Director of Talent"],
  },
  manager: {
    marketing: ["Marketing Manager", "Marketing Operations Manager", "Demand Generation Manager", "Content Marketing Manager"],
    sales: ["Sales Manager", "Sales Operations Manager", "Account Manager"],
    it: ["IT Manager", "Systems Manager"],
    engineering: ["Engineering Manager", "Data Engineering Manager"],
    finance: ["Finance Manager", "Controller"],
    operations: ["Operations Manager", "Revenue Operations Manager"],
    hr: ["HR Manager", "Recruiting Manager"],
  },
  individual_contributor: {
    marketing: ["Marketing Specialist", "Marketing Operations Analyst", "Content Strategist"],
    sales: ["Account Executive", "Sales Development Representative", "Sales Operations Analyst"],
    it: ["Systems Administrator", "IT Specialist"],
    engineering: ["Software Engineer", "Data Engineer", "Data Analyst"],
    finance: ["Financial Analyst", "Accountant"],
    operations: ["Operations Analyst", "Business Analyst"],
    hr: ["HR Generalist", "Recruiter"],
  },
};
