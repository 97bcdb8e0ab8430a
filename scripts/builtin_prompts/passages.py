# ruff: noqa: E501  (prose: long string lines are the content)
"""Single paragraphs to summarise or transform (hand-written for llem, Apache-2.0).

Every person, place, company and figure in these passages is invented.
"""

PASSAGES = [
    "The town council of Ellerby voted on Tuesday to convert two lanes of Mill Street into protected "
    "cycle lanes for a twelve-month trial. Supporters argued that the street, which connects the railway "
    "station to the secondary school, is the most common route for teenagers on bicycles and has seen "
    "eleven collisions in three years. Shop owners objected that losing parking spaces would drive "
    "customers to the retail park outside town. As a compromise, the council agreed to open a temporary "
    "car park on the site of the former bus depot and to publish monthly counts of cyclists, pedestrians "
    "and shop takings. The trial begins in April and will be reviewed in a public meeting next spring.",
    "Sourdough bread rises without commercial yeast. Instead, the baker keeps a starter: a mixture of flour "
    "and water in which wild yeasts and lactic acid bacteria live together. The yeasts produce carbon "
    "dioxide, which inflates the dough, while the bacteria produce acids that give the bread its tangy "
    "flavour and help it keep for longer. Because these microbes work more slowly than baker's yeast, a "
    "sourdough loaf often takes a whole day from mixing to baking. Many bakers see that slowness as an "
    "advantage: the long fermentation develops flavour and makes some of the wheat's nutrients easier to "
    "digest.",
    "Dear customer support team, I ordered a blue rain jacket in size medium on 3 March and received a "
    "green one in size large on 12 March, a week later than promised. I returned it the same day using the "
    "prepaid label, and your website says the return arrived on 15 March. It is now 2 April and I have "
    "neither received the correct jacket nor a refund, and my two emails have gone unanswered. I would like "
    "a full refund of 89 pounds, including the original delivery charge, by the end of this week. If that "
    "is not possible, please tell me clearly what will happen and when.",
    "Coral reefs cover less than one percent of the ocean floor but shelter roughly a quarter of all known "
    "marine species. The corals themselves are colonies of tiny animals that build skeletons of calcium "
    "carbonate and depend on algae living in their tissues for most of their food. When the water becomes "
    "too warm for too long, the corals expel these algae and turn white, a process called bleaching. A "
    "bleached reef is not dead, and it can recover if temperatures fall soon enough, but repeated bleaching "
    "events leave less and less time for recovery between them.",
    "Our team's quarterly review found that the new onboarding process cut the average time for a new "
    "engineer to ship their first change from nineteen days to eight. The biggest gains came from a "
    "pre-configured laptop image and from pairing each newcomer with a named buddy for their first two "
    "weeks. Two problems remain. First, documentation for the billing service is badly out of date, and "
    "three of the five newcomers this quarter asked the same questions about it. Second, access requests "
    "still go through a manual ticket that takes up to four days. We propose to rewrite the billing "
    "documentation in the next sprint and to automate standard access requests by the end of the quarter.",
    "Lighthouses once depended on keepers who climbed the tower every evening to light the lamp, wound the "
    "clockwork that turned the lens, and kept watch through the night. The great glass Fresnel lenses, "
    "invented in the 1820s, bent the light of a single flame into a beam visible more than twenty miles "
    "away. Through the twentieth century, electric lamps and automatic timers replaced the keepers one "
    "station at a time, and today almost every lighthouse in the world runs unattended. Many of the "
    "keepers' cottages have become museums, holiday lets or homes for the volunteers who look after them.",
    "Sleep researchers distinguish two main kinds of sleep. In rapid eye movement (REM) sleep the brain is "
    "highly active, most vivid dreams occur and the body's large muscles are temporarily paralysed. In "
    "non-REM sleep, and especially in its deepest stage, brain waves slow down, the body repairs tissue and "
    "memories appear to be consolidated. A night's sleep cycles through these stages roughly every ninety "
    "minutes, with more deep sleep early in the night and more REM sleep towards morning. Cutting a night "
    "short therefore removes a disproportionate share of REM sleep.",
    "At 14:05 on Saturday the payments API began returning errors for about 30 percent of requests. The "
    "on-call engineer traced the errors to a database connection pool that had been reduced from 50 to 5 "
    "connections by a configuration change deployed at 13:50. Rolling back the change at 14:41 restored "
    "normal service, and error rates were back to baseline by 14:48. Roughly 2,300 customer payments "
    "failed and had to be retried. The change had passed review because the configuration file did not "
    "explain what the value controlled. We will add validation that rejects pool sizes below 20 and a "
    "comment explaining the setting.",
    "The Riverside Library will close on 1 June for an eighteen-month renovation. The building, which "
    "opened in 1962, will gain a lift, a children's wing with its own entrance, a study room with forty "
    "desks and a ground-floor café run by a local social enterprise. During the works, a temporary library "
    "will operate from the community hall on Station Road, open six days a week, with a smaller collection "
    "and four public computers. Books can still be reserved online and collected there. Library cards, "
    "loans and fines will carry over without any action from members.",
    "Urban heat islands form because cities replace vegetation and soil with asphalt, concrete and "
    "buildings that absorb sunlight during the day and release it slowly at night. Waste heat from cars, "
    "air conditioners and industry adds to the effect, and tall buildings can trap warm air in narrow "
    "streets. As a result, a city centre can be several degrees warmer than the surrounding countryside, "
    "particularly on calm summer nights. Planting street trees, creating parks, using lighter-coloured "
    "roofs and pavements, and adding green roofs are among the most effective ways to reduce the difference.",
    "In Saturday's final, Harbour City came from two goals down to beat Northfield 3-2 after extra time. "
    "Northfield dominated the first half and led through a penalty in the 12th minute and a header from a "
    "corner just before the break. Harbour City's coach made two substitutions at half-time, and one of "
    "them, the 19-year-old winger Mara Osei, set up the first goal and scored the equaliser in the 84th "
    "minute. The winner came in the 108th minute, when a Northfield defender deflected a cross into his own "
    "net. It is Harbour City's first trophy in 27 years.",
    "The memo proposes that staff may work from home up to three days a week, provided that every team "
    "agrees two common office days so that meetings, training and collaborative work can happen in person. "
    "Managers would review the arrangement with each employee every six months. The company would provide "
    "a one-off allowance of 400 euros for home office equipment and would reduce its leased office space by "
    "a third when the current lease ends, saving an estimated 310,000 euros a year. Roles that require "
    "on-site equipment, such as laboratory and facilities staff, would be excluded.",
    "Recycling lithium-ion batteries is difficult because each cell combines many materials, including "
    "lithium, cobalt, nickel, manganese, copper, aluminium, graphite and a flammable electrolyte. Most "
    "current plants shred batteries and then recover metals either by smelting them at high temperature or "
    "by dissolving them in acids. Smelting is simple but loses the lithium in slag and uses a great deal of "
    "energy; acid leaching recovers more material but produces liquid waste that must be treated. Direct "
    "recycling, which tries to restore the cathode material without breaking it down, could save more "
    "energy but is still at the pilot stage.",
    "Grandma's letter arrived on a Tuesday, written as always in blue ink on lined paper. She wrote that "
    "the apple tree had given more fruit than ever this year, so much that she had made eleven jars of "
    "chutney and still had a basket left over for the neighbours. Her knee was better since she had started "
    "swimming twice a week, although she complained that the pool was far too cold. She asked whether I was "
    "eating properly and reminded me, twice, that my cousin's wedding is on the 14th of next month and that "
    "I had promised to drive her there.",
    "The new exhibition at the Harwick Museum brings together more than two hundred everyday objects from a "
    "single street between 1900 and 1980: tin toys, ration books, radios, school reports, shop signs and "
    "wedding photographs, all donated by people who lived there. Each room represents one decade and is "
    "arranged around a reconstructed kitchen. Visitors can listen to recorded interviews with former "
    "residents, some now in their nineties, describing the street's shops, floods and celebrations. The "
    "exhibition is free and runs until the end of October.",
    "Photosynthesis takes place mainly in the leaves of green plants, inside organelles called chloroplasts. "
    "The green pigment chlorophyll absorbs light, mostly in the red and blue parts of the spectrum, and uses "
    "its energy to split water molecules, releasing oxygen as a by-product. The energy captured in this "
    "first stage is stored in carrier molecules, which then drive a second stage, the Calvin cycle, in which "
    "carbon dioxide from the air is fixed into sugars. These sugars feed the plant and, directly or "
    "indirectly, almost every other living thing on land.",
    "Volunteers removed more than four tonnes of rubbish from the banks of the River Alde over two weekends "
    "this month. The haul included 61 shopping trolleys, 140 tyres, a motorbike and thousands of plastic "
    "bottles. The clean-up was organised by a local rowing club after members noticed that litter was "
    "building up behind a fallen tree near the weir. The district council provided skips and gloves and has "
    "promised to install two new bins and a camera at the lay-by where much of the rubbish is thought to be "
    "dumped. Organisers plan to repeat the clean-up every autumn.",
    "The grant proposal requests 180,000 pounds over two years to study how small farms in upland areas "
    "could share expensive equipment through a cooperative. The project would survey sixty farms about the "
    "machinery they own and how often they use it, then run a one-year trial in which twelve farms pool "
    "three machines booked through a simple online calendar. The team would measure costs, machine use, "
    "disputes and the time farmers spend travelling to collect equipment. The final report would include a "
    "template agreement that other groups of farms could adapt.",
]

TASKS = [
    "Summarise the following text in one sentence.",
    "Summarise the following text in three bullet points.",
    "Write a short headline for the following text.",
    "Explain the following text to a twelve-year-old in a few sentences.",
    "List the key facts and figures in the following text.",
    "What is the main point of the following text? Answer in two sentences.",
    "Rewrite the following text as a short, neutral news brief.",
    "Identify any problems or open questions raised in the following text.",
    "Write a tweet (under 280 characters) summarising the following text.",
]
