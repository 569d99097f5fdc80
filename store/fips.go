package store

// fipsByISO3 maps ISO 3166-1 alpha-3 codes (realign's country codes) to the
// FIPS 10-4 country codes GDELT writes in its *Geo_CountryCode columns
// (Germany DEU -> GM, United Kingdom GBR -> UK, Kyrgyzstan KGZ -> KG).
// Facts from the FIPS 10-4 standard as GDELT uses it, cross-checked against
// the CountryInfo table of the PETRARCH dictionaries. Palestine has no
// entry: FIPS splits it into the West Bank (WE) and Gaza (GZ), and a
// country-level location does not say which; historical states and some
// small territories have none either.
var fipsByISO3 = map[string]string{
	"ABW": "AA", "AFG": "AF", "AGO": "AO", "AIA": "AV", "ALB": "AL", "AND": "AN", "ARE": "AE", "ARG": "AR",
	"ARM": "AM", "ASM": "AQ", "ATA": "AY", "ATG": "AC", "AUS": "AS", "AUT": "AU", "AZE": "AJ", "BDI": "BY",
	"BEL": "BE", "BEN": "BN", "BFA": "UV", "BGD": "BG", "BGR": "BU", "BHR": "BA", "BHS": "BF", "BIH": "BK",
	"BLM": "TB", "BLR": "BO", "BLZ": "BH", "BMU": "BD", "BOL": "BL", "BRA": "BR", "BRB": "BB", "BRN": "BX",
	"BTN": "BT", "BVT": "BV", "BWA": "BC", "CAF": "CT", "CAN": "CA", "CCK": "CK", "CHE": "SZ", "CHL": "CI",
	"CHN": "CH", "CIV": "IV", "CMR": "CM", "COD": "CG", "COG": "CF", "COK": "CW", "COL": "CO", "COM": "CN",
	"CPV": "CV", "CRI": "CS", "CUB": "CU", "CXR": "KT", "CYM": "CJ", "CYP": "CY", "CZE": "EZ", "DEU": "GM",
	"DJI": "DJ", "DMA": "DO", "DNK": "DA", "DOM": "DR", "DZA": "AG", "ECU": "EC", "EGY": "EG", "ERI": "ER",
	"ESH": "WI", "ESP": "SP", "EST": "EN", "ETH": "ET", "FIN": "FI", "FJI": "FJ", "FLK": "FK", "FRA": "FR",
	"FRO": "FO", "FSM": "FM", "GAB": "GB", "GBR": "UK", "GEO": "GG", "GGY": "GK", "GHA": "GH", "GIB": "GI",
	"GIN": "GV", "GLP": "GP", "GMB": "GA", "GNB": "PU", "GNQ": "EK", "GRC": "GR", "GRD": "GJ", "GRL": "GL",
	"GTM": "GT", "GUF": "FG", "GUM": "GQ", "GUY": "GY", "HKG": "HK", "HMD": "HM", "HND": "HO", "HRV": "HR",
	"HTI": "HA", "HUN": "HU", "IDN": "ID", "IMN": "IM", "IND": "IN", "IOT": "IO", "IRL": "EI", "IRN": "IR",
	"IRQ": "IZ", "ISL": "IC", "ISR": "IS", "ITA": "IT", "JAM": "JM", "JEY": "JE", "JOR": "JO", "JPN": "JA",
	"KAZ": "KZ", "KEN": "KE", "KGZ": "KG", "KHM": "CB", "KIR": "KR", "KNA": "SC", "KOR": "KS", "KSV": "KV",
	"KWT": "KU", "LAO": "LA", "LBN": "LE", "LBR": "LI", "LBY": "LY", "LCA": "ST", "LIE": "LS", "LKA": "CE",
	"LSO": "LT", "LTU": "LH", "LUX": "LU", "LVA": "LG", "MAC": "MC", "MAR": "MO", "MCO": "MN", "MDA": "MD",
	"MDG": "MA", "MDV": "MV", "MEX": "MX", "MHL": "RM", "MKD": "MK", "MLI": "ML", "MLT": "MT", "MMR": "BM",
	"MNE": "MJ", "MNG": "MG", "MNP": "CQ", "MOZ": "MZ", "MRT": "MR", "MSR": "MH", "MTQ": "MB", "MUS": "MP",
	"MWI": "MI", "MYS": "MY", "MYT": "MF", "NAM": "WA", "NCL": "NC", "NER": "NG", "NFK": "NF", "NGA": "NI",
	"NIC": "NU", "NIU": "NE", "NLD": "NL", "NOR": "NO", "NPL": "NP", "NRU": "NR", "NZL": "NZ", "OMN": "MU",
	"PAK": "PK", "PAN": "PM", "PER": "PE", "PHL": "RP", "PLW": "PS", "PNG": "PP", "POL": "PL", "PRI": "RQ",
	"PRK": "KN", "PRT": "PO", "PRY": "PA", "PYF": "FP", "QAT": "QA", "REU": "RE", "ROU": "RO", "RUS": "RS",
	"RWA": "RW", "SAU": "SA", "SDN": "SU", "SEN": "SG", "SGP": "SN", "SHN": "SH", "SLB": "BP", "SLE": "SL",
	"SLV": "ES", "SMR": "SM", "SOM": "SO", "SPM": "SB", "SRB": "RI", "SSD": "OD", "STP": "TP", "SUR": "NS",
	"SVK": "LO", "SVN": "SI", "SWE": "SW", "SWZ": "WZ", "SYC": "SE", "SYR": "SY", "TCA": "TK", "TCD": "CD",
	"TGO": "TO", "THA": "TH", "TJK": "TI", "TKL": "TL", "TKM": "TX", "TLS": "TT", "TON": "TN", "TTO": "TD",
	"TUN": "TS", "TUR": "TU", "TUV": "TV", "TWN": "TW", "TZA": "TZ", "UGA": "UG", "UKR": "UP", "URY": "UY",
	"USA": "US", "UZB": "UZ", "VAT": "VT", "VCT": "VC", "VEN": "VE", "VGB": "VI", "VIR": "VQ", "VNM": "VM",
	"VUT": "NH", "WLF": "WF", "WSM": "WS", "YEM": "YM", "ZAF": "SF", "ZMB": "ZA", "ZWE": "ZI",
}

// FIPS returns the FIPS 10-4 country code GDELT uses for the ISO 3166-1
// alpha-3 code iso3 ("DEU" -> "GM"), "" when there is none.
func FIPS(iso3 string) string { return fipsByISO3[iso3] }
