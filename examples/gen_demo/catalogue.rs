//! The fixed tables behind the world: partner institutions, double-degree, new and ended
//! agreements, host companies and the KA171 projects.

/// How exchanges with a partner are funded (and so which agreement it has).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Scheme {
    Erasmus,
    Bilateral,
    Isep,
    Bci,
    Brafitec,
}

/// (institution, Erasmus code or "", ISO country, city, scheme).
pub type PartnerDef = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Scheme,
);

/// The partners, grouped by country, named as the partner list writes them. A few go by
/// their English name where the native one has letters that Windows-1252 cannot carry (the
/// staff CSV is in that encoding).
#[rustfmt::skip] // one partner per line reads better than rustfmt's five
pub const PARTNER_DEFS: &[PartnerDef] = {
    use Scheme::*;
    &[
        ("Technische Universität Berlin", "D  BERLIN02", "DE", "Berlin", Erasmus),
        ("Technische Universität München", "D  MUNCHEN02", "DE", "München", Erasmus),
        ("RWTH Aachen University", "D  AACHEN01", "DE", "Aachen", Erasmus),
        ("Karlsruher Institut für Technologie", "D  KARLSRU01", "DE", "Karlsruhe", Erasmus),
        ("Technische Universität Dresden", "D  DRESDEN02", "DE", "Dresden", Erasmus),
        ("Universität Stuttgart", "D  STUTTGA01", "DE", "Stuttgart", Erasmus),
        ("Technische Universität Darmstadt", "D  DARMSTA01", "DE", "Darmstadt", Erasmus),
        ("Leibniz Universität Hannover", "D  HANNOVE01", "DE", "Hannover", Erasmus),
        ("Technische Universität Braunschweig", "D  BRAUNSC01", "DE", "Braunschweig", Erasmus),
        ("Universität des Saarlandes", "D  SAARBRU01", "DE", "Saarbrücken", Erasmus),
        ("Friedrich-Alexander-Universität Erlangen-Nürnberg", "D  ERLANGE01", "DE", "Erlangen", Erasmus),
        ("Universidad Politécnica de Madrid", "E  MADRID05", "ES", "Madrid", Erasmus),
        ("Universitat Politècnica de Catalunya", "E  BARCELO03", "ES", "Barcelona", Erasmus),
        ("Universitat Politècnica de València", "E  VALENCI02", "ES", "Valencia", Erasmus),
        ("Universidad de Sevilla", "E  SEVILLA01", "ES", "Sevilla", Erasmus),
        ("Universidad de Zaragoza", "E  ZARAGOZ01", "ES", "Zaragoza", Erasmus),
        ("Universidad Carlos III de Madrid", "E  MADRID14", "ES", "Getafe", Erasmus),
        ("Universidad del País Vasco", "E  BILBAO01", "ES", "Bilbao", Erasmus),
        ("Mondragon Unibertsitatea", "E  MONDRAG01", "ES", "Arrasate-Mondragón", Erasmus),
        ("Politecnico di Milano", "I  MILANO02", "IT", "Milano", Erasmus),
        ("Politecnico di Torino", "I  TORINO02", "IT", "Torino", Erasmus),
        ("Alma Mater Studiorum – Università di Bologna", "I  BOLOGNA01", "IT", "Bologna", Erasmus),
        ("Università degli Studi di Padova", "I  PADOVA01", "IT", "Padova", Erasmus),
        ("Università di Pisa", "I  PISA01", "IT", "Pisa", Erasmus),
        ("Sapienza Università di Roma", "I  ROMA01", "IT", "Roma", Erasmus),
        ("Università degli Studi di Trento", "I  TRENTO01", "IT", "Trento", Erasmus),
        ("KU Leuven", "B  LEUVEN01", "BE", "Leuven", Erasmus),
        ("Universiteit Gent", "B  GENT01", "BE", "Gent", Erasmus),
        ("Université catholique de Louvain", "B  LOUVAIN01", "BE", "Louvain-la-Neuve", Erasmus),
        ("Université de Liège", "B  LIEGE01", "BE", "Liège", Erasmus),
        ("Technische Universiteit Delft", "NL DELFT01", "NL", "Delft", Erasmus),
        ("Technische Universiteit Eindhoven", "NL EINDHOV17", "NL", "Eindhoven", Erasmus),
        ("Universiteit Twente", "NL ENSCHED01", "NL", "Enschede", Erasmus),
        ("Technische Universität Wien", "A  WIEN02", "AT", "Wien", Erasmus),
        ("Technische Universität Graz", "A  GRAZ02", "AT", "Graz", Erasmus),
        ("Kungliga Tekniska högskolan", "S  STOCKHO04", "SE", "Stockholm", Erasmus),
        ("Chalmers tekniska högskola", "S  GOTEBOR02", "SE", "Göteborg", Erasmus),
        ("Lunds universitet", "S  LUND01", "SE", "Lund", Erasmus),
        ("Danmarks Tekniske Universitet", "DK LYNGBY01", "DK", "Kongens Lyngby", Erasmus),
        ("Aalborg Universitet", "DK AALBORG01", "DK", "Aalborg", Erasmus),
        ("Aalto-yliopisto", "SF ESPOO12", "FI", "Espoo", Erasmus),
        ("Tampereen yliopisto", "SF TAMPERE17", "FI", "Tampere", Erasmus),
        ("Norges teknisk-naturvitenskapelige universitet", "N  TRONDHE01", "NO", "Trondheim", Erasmus),
        // Irish codes are officially written "IRLDUBLIN01"; offices usually type a space.
        ("Trinity College Dublin", "IRL DUBLIN01", "IE", "Dublin", Erasmus),
        ("Universidade do Porto", "P  PORTO02", "PT", "Porto", Erasmus),
        ("Instituto Superior Técnico – Universidade de Lisboa", "P  LISBOA109", "PT", "Lisboa", Erasmus),
        ("Universidade de Coimbra", "P  COIMBRA01", "PT", "Coimbra", Erasmus),
        ("National Technical University of Athens", "G  ATHINE02", "GR", "Athina", Erasmus),
        ("Aristotle University of Thessaloniki", "G  THESSAL01", "GR", "Thessaloniki", Erasmus),
        ("Politechnika Warszawska", "PL WARSZAW02", "PL", "Warszawa", Erasmus),
        ("AGH University of Krakow", "PL KRAKOW02", "PL", "Kraków", Erasmus),
        ("Wroclaw University of Science and Technology", "PL WROCLAW02", "PL", "Wroclaw", Erasmus),
        ("Czech Technical University in Prague", "CZ PRAHA10", "CZ", "Praha", Erasmus),
        ("Brno University of Technology", "CZ BRNO01", "CZ", "Brno", Erasmus),
        ("Budapest University of Technology and Economics", "HU BUDAPES02", "HU", "Budapest", Erasmus),
        ("Univerza v Ljubljani", "SI LJUBLJA01", "SI", "Ljubljana", Erasmus),
        ("University of Zagreb", "HR ZAGREB01", "HR", "Zagreb", Erasmus),
        ("National University of Science and Technology Politehnica Bucharest", "RO BUCURES11", "RO", "Bucuresti", Erasmus),
        ("Technical University of Cluj-Napoca", "RO CLUJNAP05", "RO", "Cluj-Napoca", Erasmus),
        ("Slovak University of Technology in Bratislava", "SK BRATISL01", "SK", "Bratislava", Erasmus),
        ("Kaunas University of Technology", "LT KAUNAS02", "LT", "Kaunas", Erasmus),
        ("Riga Technical University", "LV RIGA02", "LV", "Riga", Erasmus),
        ("Tallinn University of Technology", "EE TALLINN04", "EE", "Tallinn", Erasmus),
        ("Istanbul Technical University", "TR ISTANBU04", "TR", "Istanbul", Erasmus),
        ("Middle East Technical University", "TR ANKARA04", "TR", "Ankara", Erasmus),
        ("Háskóli Íslands", "IS REYKJAV01", "IS", "Reykjavík", Erasmus),
        // Outside Erasmus+ since 2021: exchanges run on bilateral agreements (the codes stay).
        ("Imperial College London", "UK LONDON029", "GB", "London", Bilateral),
        ("The University of Manchester", "UK MANCHES01", "GB", "Manchester", Bilateral),
        ("University of Strathclyde", "UK GLASGOW02", "GB", "Glasgow", Bilateral),
        ("Cranfield University", "UK CRANFIE01", "GB", "Cranfield", Bilateral),
        ("ETH Zürich", "CH ZURICH10", "CH", "Zürich", Bilateral),
        ("École polytechnique fédérale de Lausanne", "CH LAUSANN02", "CH", "Lausanne", Bilateral),
        ("Igor Sikorsky Kyiv Polytechnic Institute", "", "UA", "Kyiv", Bilateral),
        ("Lviv Polytechnic National University", "", "UA", "Lviv", Bilateral),
        ("Polytechnique Montréal", "", "CA", "Montréal", Bci),
        ("École de technologie supérieure", "", "CA", "Montréal", Bci),
        ("Université Laval", "", "CA", "Québec", Bci),
        ("Université de Sherbrooke", "", "CA", "Sherbrooke", Bci),
        ("Concordia University", "", "CA", "Montréal", Bci),
        ("University of Toronto", "", "CA", "Toronto", Bilateral),
        ("Georgia Institute of Technology", "", "US", "Atlanta", Bilateral),
        ("Purdue University", "", "US", "West Lafayette", Bilateral),
        ("The University of Texas at Austin", "", "US", "Austin", Bilateral),
        ("Virginia Polytechnic Institute and State University", "", "US", "Blacksburg", Isep),
        ("Clemson University", "", "US", "Clemson", Isep),
        ("University of Idaho", "", "US", "Moscow", Isep),
        ("Kansas State University", "", "US", "Manhattan", Isep),
        ("Tecnológico de Monterrey", "", "MX", "Monterrey", Bilateral),
        ("Universidad Nacional Autónoma de México", "", "MX", "Ciudad de México", Bilateral),
        ("Universidade de São Paulo", "", "BR", "São Paulo", Brafitec),
        ("Universidade Estadual de Campinas", "", "BR", "Campinas", Brafitec),
        ("Universidade Federal do Rio de Janeiro", "", "BR", "Rio de Janeiro", Brafitec),
        ("Universidade Federal de Minas Gerais", "", "BR", "Belo Horizonte", Brafitec),
        ("Universidade Federal de Santa Catarina", "", "BR", "Florianópolis", Brafitec),
        ("Pontificia Universidad Católica de Chile", "", "CL", "Santiago", Bilateral),
        ("Universidad de Chile", "", "CL", "Santiago", Bilateral),
        ("Universidad Técnica Federico Santa María", "", "CL", "Valparaíso", Bilateral),
        ("Instituto Tecnológico de Buenos Aires", "", "AR", "Buenos Aires", Bilateral),
        ("Universidad de los Andes", "", "CO", "Bogotá", Bilateral),
        ("Tohoku University", "", "JP", "Sendai", Bilateral),
        ("Tokyo Institute of Technology", "", "JP", "Tokyo", Bilateral),
        ("KAIST", "", "KR", "Daejeon", Bilateral),
        ("Seoul National University", "", "KR", "Seoul", Bilateral),
        ("Tsinghua University", "", "CN", "Beijing", Bilateral),
        ("Shanghai Jiao Tong University", "", "CN", "Shanghai", Bilateral),
        ("Tongji University", "", "CN", "Shanghai", Bilateral),
        ("National Tsing Hua University", "", "TW", "Hsinchu", Bilateral),
        ("National Taiwan University", "", "TW", "Taipei", Bilateral),
        ("Indian Institute of Technology Madras", "", "IN", "Chennai", Bilateral),
        ("Indian Institute of Technology Bombay", "", "IN", "Mumbai", Bilateral),
        ("Hanoi University of Science and Technology", "", "VN", "Hanoi", Bilateral),
        ("Ho Chi Minh City University of Technology", "", "VN", "Ho Chi Minh City", Bilateral),
        ("Satbayev University", "", "KZ", "Almaty", Bilateral),
        ("Nazarbayev University", "", "KZ", "Astana", Bilateral),
        ("Georgian Technical University", "", "GE", "Tbilisi", Bilateral),
        ("Nanyang Technological University", "", "SG", "Singapore", Bilateral),
        ("École Mohammadia d'Ingénieurs", "", "MA", "Rabat", Bilateral),
        ("Université Cadi Ayyad", "", "MA", "Marrakech", Bilateral),
        ("École Nationale d'Ingénieurs de Tunis", "", "TN", "Tunis", Bilateral),
        ("École Nationale d'Ingénieurs de Sfax", "", "TN", "Sfax", Bilateral),
        ("École Supérieure Polytechnique de Dakar", "", "SN", "Dakar", Bilateral),
        ("Université Gaston Berger", "", "SN", "Saint-Louis", Bilateral),
        ("Kwame Nkrumah University of Science and Technology", "", "GH", "Kumasi", Bilateral),
        ("Institut National Polytechnique Félix Houphouët-Boigny", "", "CI", "Yamoussoukro", Bilateral),
        ("École Nationale Supérieure Polytechnique de Yaoundé", "", "CM", "Yaoundé", Bilateral),
        ("Stellenbosch University", "", "ZA", "Stellenbosch", Bilateral),
        ("University of New South Wales", "", "AU", "Sydney", Bilateral),
        ("The University of Queensland", "", "AU", "Brisbane", Bilateral),
        ("University of Auckland", "", "NZ", "Auckland", Bilateral),
    ]
};

/// Partners that also hold a double-degree agreement (a second row in the partner list).
pub const DOUBLE_DEGREE_PARTNERS: &[&str] = &[
    "Technische Universität Berlin",
    "Technische Universität München",
    "RWTH Aachen University",
    "Karlsruher Institut für Technologie",
    "Universidad Politécnica de Madrid",
    "Universitat Politècnica de Catalunya",
    "Politecnico di Milano",
    "Politecnico di Torino",
    "Université catholique de Louvain",
    "Technische Universiteit Delft",
    "Kungliga Tekniska högskolan",
    "Danmarks Tekniske Universitet",
    "École polytechnique fédérale de Lausanne",
    "Polytechnique Montréal",
    "École de technologie supérieure",
    "Tecnológico de Monterrey",
    "Universidade de São Paulo",
    "Universidade Estadual de Campinas",
    "Universidade Federal do Rio de Janeiro",
    "Pontificia Universidad Católica de Chile",
    "Tsinghua University",
    "Shanghai Jiao Tong University",
];

/// Agreements signed during the period: (partner, first academic year).
pub const NEW_AGREEMENTS: &[(&str, i32)] = &[
    ("Nazarbayev University", 2023),
    ("University of Auckland", 2022),
    ("Instituto Tecnológico de Buenos Aires", 2023),
    ("Háskóli Íslands", 2022),
    ("Tallinn University of Technology", 2022),
    ("Georgian Technical University", 2022),
];

/// Agreements that ran out during the period: (partner, last academic year).
pub const ENDED_AGREEMENTS: &[(&str, i32)] = &[
    ("University of Strathclyde", 2022),
    ("Università di Pisa", 2022),
    ("Riga Technical University", 2023),
    ("Clemson University", 2022),
    ("Universidad de los Andes", 2023),
];

/// Companies that host interns abroad: (name, ISO country, city).
pub const COMPANIES: &[(&str, &str, &str)] = &[
    ("Siemens AG", "DE", "München"),
    ("Robert Bosch GmbH", "DE", "Stuttgart"),
    ("Airbus Operations GmbH", "DE", "Hamburg"),
    ("BASF SE", "DE", "Ludwigshafen"),
    ("SAP SE", "DE", "Walldorf"),
    ("Acciona Construcción S.A.", "ES", "Madrid"),
    ("Iberdrola S.A.", "ES", "Bilbao"),
    ("Enel S.p.A.", "IT", "Roma"),
    ("Pirelli & C. S.p.A.", "IT", "Milano"),
    ("Solvay S.A.", "BE", "Bruxelles"),
    ("ASML Netherlands B.V.", "NL", "Veldhoven"),
    ("Vestas Wind Systems A/S", "DK", "Aarhus"),
    ("Volvo Cars", "SE", "Göteborg"),
    ("ABB Switzerland Ltd", "CH", "Baden"),
    ("Arup", "GB", "London"),
    ("Rolls-Royce plc", "GB", "Derby"),
    ("Nokia Solutions and Networks", "FI", "Espoo"),
    ("Hydro-Québec", "CA", "Montréal"),
    ("Bombardier Inc.", "CA", "Montréal"),
    ("Michelin North America", "US", "Greenville"),
    ("Tesla, Inc.", "US", "Austin"),
    ("Toyota Motor Corporation", "JP", "Toyota"),
    ("Schneider Electric India", "IN", "Bangalore"),
    ("Vale S.A.", "BR", "Rio de Janeiro"),
    ("Thales Australia", "AU", "Sydney"),
    ("OCP Group", "MA", "Casablanca"),
];

/// The school's Erasmus+ KA131 project of each call, by call year. A KA131 mobility is paid
/// by the project of the call of the academic year it starts in (the way offices book them).
pub const KA131_PROJECTS: &[(i32, &str)] = &[
    (2021, "2021-1-FR01-KA131-HED-000011432"),
    (2022, "2022-1-FR01-KA131-HED-000058217"),
    (2023, "2023-1-FR01-KA131-HED-000129604"),
    (2024, "2024-1-FR01-KA131-HED-000236781"),
];

/// An Erasmus+ KA171 project as the grant agreement defines it.
pub struct ProjectDef {
    pub reference: &'static str,
    /// First month (year, month) and length in months of the project.
    pub start: (i32, u32),
    pub months: u32,
    /// One partner institution per partner country.
    pub partners: &'static [&'static str],
}

/// One project per call, each with partners in several countries outside Erasmus+.
pub const PROJECT_DEFS: &[ProjectDef] = &[
    ProjectDef {
        reference: "2021-1-FR01-KA171-HED-000012847",
        start: (2021, 8),
        months: 24,
        partners: &[
            "Igor Sikorsky Kyiv Polytechnic Institute",
            "École Mohammadia d'Ingénieurs",
            "École Supérieure Polytechnique de Dakar",
            "Hanoi University of Science and Technology",
            "Satbayev University",
        ],
    },
    ProjectDef {
        reference: "2022-1-FR01-KA171-HED-000051234",
        start: (2022, 8),
        months: 36,
        partners: &[
            "Lviv Polytechnic National University",
            "Kwame Nkrumah University of Science and Technology",
            "Tecnológico de Monterrey",
            "École Nationale d'Ingénieurs de Tunis",
            "Indian Institute of Technology Madras",
            "Georgian Technical University",
        ],
    },
    ProjectDef {
        reference: "2023-1-FR01-KA171-HED-000137562",
        start: (2023, 8),
        months: 24,
        partners: &[
            "National Tsing Hua University",
            "Universidad Técnica Federico Santa María",
            "Universidade Federal de Santa Catarina",
            "Université Cadi Ayyad",
            "Université Gaston Berger",
            "Satbayev University",
        ],
    },
    ProjectDef {
        reference: "2024-1-FR01-KA171-HED-000245018",
        start: (2024, 8),
        months: 36,
        partners: &[
            "The University of Texas at Austin",
            "Ho Chi Minh City University of Technology",
            "Kwame Nkrumah University of Science and Technology",
            "Indian Institute of Technology Bombay",
            "École Nationale d'Ingénieurs de Sfax",
            "Universidad Nacional Autónoma de México",
            "Georgian Technical University",
        ],
    },
];
