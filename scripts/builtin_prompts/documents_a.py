# ruff: noqa: E501  (prose: long string lines are the content)
"""Long multi-paragraph documents, part 1 (hand-written for llem, Apache-2.0; all invented)."""

BIRDSONG = """Field report: dawn song of blackbirds in city and woodland sites, spring season

Background. Earlier studies have suggested that birds living in cities sing at higher pitch and start \
singing earlier in the morning than birds of the same species in the countryside. Two explanations are \
usually offered. The first is traffic noise, which is concentrated at low frequencies, so that higher \
songs are easier to hear over it. The second is artificial light at night, which may shift the birds' \
internal clocks. Because traffic and street lighting usually occur together, it is hard to tell the two \
explanations apart.

Methods. Between 20 March and 30 April we placed automatic recorders at twelve sites: four in the city \
centre, four in suburban parks and four in woodland at least eight kilometres from the city edge. Each \
site was also fitted with a sound-level meter and a light meter. Recorders ran from two hours before \
sunrise to one hour after. We analysed 1,944 recordings and identified 38,210 blackbird song phrases \
using a classifier checked by two volunteers on a random sample of 2,000 phrases, of which 96 percent were \
classified correctly.

Results. City blackbirds began singing on average 41 minutes before sunrise, compared with 27 minutes in \
suburban parks and 12 minutes in woodland. The lowest frequency of their songs was about 180 hertz higher \
in the city than in woodland. Within the city, however, the start of singing was more closely related to \
night-time light levels than to noise: the two city sites next to a floodlit sports ground started \
earliest even though they were among the quietest. Pitch, on the other hand, followed noise levels and \
not light.

Limitations. Twelve sites is a small sample, and the woodland sites were all in one forest. Weather was \
unusually cold in the first two weeks of April, which may have delayed singing everywhere. Our classifier \
performed worse on recordings with heavy rain, which we therefore excluded.

Conclusion. Our data suggest that light and noise affect different aspects of song: light mainly the \
timing and noise mainly the pitch. A larger study next year will add sites where lighting is switched off \
after midnight, which will allow a direct test of the effect of light."""

COOPERATIVE = """Minutes of the annual general meeting of the Larch Court Housing Cooperative

Present: 31 members in person and 6 by proxy, making the meeting quorate. The chair, Ruth Adeyemi, \
opened the meeting at 19:05 and thanked the garden group for the new planters by the entrance.

1. Accounts. The treasurer, Marek Nowak, presented the accounts for the year. Income from rents was \
214,600 pounds, slightly above budget because only one flat was empty for part of the year. Spending on \
repairs was 61,300 pounds, which was 18 percent over budget, mostly because of an emergency roof repair \
on Block B in January. The reserve fund now stands at 96,000 pounds. Members approved the accounts \
unanimously.

2. Rent increase. The committee proposed a rent increase of 4.5 percent from July, explaining that the \
insurance premium had risen by a third and that the roof survey recommends replacing the roof of Block A \
within three years at an estimated cost of 140,000 pounds. Several members said that the increase would \
be hard for households on fixed incomes. After discussion, an amendment to increase rents by 3.5 percent \
and to review the figure again in January was proposed by Dev Patel and passed by 22 votes to 13, with 2 \
abstentions.

3. Heating. The energy working group reported that heat pumps could replace the gas boilers in Block C, \
with a government grant covering about half the cost. Members asked about noise and running costs. The \
meeting agreed that the working group should obtain three quotes and organise a visit to another \
cooperative that has installed heat pumps, and report to a special general meeting in the autumn.

4. Elections. Ruth Adeyemi stood down as chair after six years and was thanked warmly. Aisha Bello was \
elected chair unopposed. Marek Nowak was re-elected treasurer. Two new committee members were elected: \
Tom Fairley and Chen Wei.

5. Any other business. Members raised problems with bicycles blocking the corridor in Block B; the \
committee will look at installing a bike shelter. A member asked whether pets could be allowed; the \
committee will draft a pet policy for consultation. The meeting closed at 21:20."""

TIMEKEEPING = """A short history of keeping time

For most of human history, time was read from the sky. Sundials, used in Egypt and Babylon more than \
three thousand years ago, divided the day according to the shadow of a stick or a carved edge. They \
worked only when the sun shone, and their hours changed length with the seasons, since daylight was \
divided into twelve parts whether the day was long or short. Water clocks, which measured time by the \
steady flow of water from a vessel, could work at night and indoors, and were used in courts to limit \
the length of speeches.

Mechanical clocks appeared in European monasteries and town towers at the end of the thirteenth century. \
They were driven by falling weights and regulated by a device called the verge escapement, which let the \
gear train advance in small steps. These early clocks could drift by a quarter of an hour a day, and many \
had no minute hand at all. Their great contribution was social: a bell that struck the hours for a whole \
town gave people a shared time by which to start markets and end working days.

The pendulum, applied to clocks by Christiaan Huygens in 1656, improved accuracy dramatically, to within \
seconds a day. Pendulums, however, do not work on a rolling ship, and navigators needed accurate time at \
sea to calculate their longitude. The problem was solved in the eighteenth century by John Harrison's \
marine chronometers, which used springs and balances that compensated for changes in temperature.

In the nineteenth century, railways forced a further change. Each town had kept its own local time, set \
by the sun, so that noon in one city might be several minutes different from noon in the next. Railway \
timetables made this confusing and dangerous, and countries adopted standard time zones, first in \
railway timetables and later in law.

The twentieth century moved timekeeping from mechanics to physics. Quartz clocks, which count the \
vibrations of a crystal driven by an electric current, became cheap enough for wristwatches in the 1970s. \
Atomic clocks, which count the oscillations of radiation absorbed by atoms of caesium, are so stable that \
since 1967 the second itself has been defined by them. Today, satellite navigation depends on atomic \
clocks in orbit, and an error of a single microsecond would put a position off by about three hundred \
metres."""

BUS_APP = """Product requirements: "Hop" journey-planning app for the Greyford bus network

Problem. Greyford's buses carry about 90,000 passengers a day, but the network's only digital service is \
a PDF timetable on the council website. In a survey of 1,200 passengers, 64 percent said they had missed \
a bus in the last month because it ran early or late, and 48 percent said they did not know which ticket \
was cheapest for their journey. Bus drivers report that paying with cash slows boarding at busy stops.

Goals. The app should (1) show real-time bus positions and predicted arrival times for every stop, (2) \
plan journeys that combine up to two buses and walking, (3) sell tickets, including day and weekly \
passes, and display them as a scannable code, and (4) tell passengers about disruptions affecting the \
routes they have saved. Success will be measured by the number of weekly active users, the share of \
tickets sold through the app and average boarding time at the ten busiest stops.

Users. Regular commuters want quick access to their saved journeys and alerts. Occasional passengers and \
visitors need simple journey planning and clear ticket choices. Older passengers, who make up a third of \
journeys, need large text and must be able to use the app without creating an account for planning \
journeys.

Requirements. Journey planning and real-time information must work without an account. Buying tickets \
requires an account and supports card payments and mobile wallets. The app must meet accessibility \
guidelines, including screen-reader support and adjustable text size. Predicted arrival times must be \
updated at least every 30 seconds. If real-time data is unavailable for a bus, the app must show the \
timetabled time and clearly label it as scheduled rather than live. The app must work on phones up to \
five years old.

Out of scope for the first release: trains and trams, bike hire, taxi booking, and fares for school \
passes, which are handled by the education department.

Risks. The GPS units on about a fifth of the fleet are unreliable and are due to be replaced only next \
year. Ticket prices are set by three different operators, and agreeing a shared data format may take \
longer than building the app itself."""

HOSPITAL = """Night shift

At ten past eleven the ward went quiet in the way that only hospital wards do: not silent, but \
humming, with the soft beeping of monitors and the squeak of a trolley wheel somewhere down the \
corridor. Nadia finished her handover notes, checked the drug chart for bed six one more time, and \
allowed herself the first sip of a coffee that had gone cold an hour ago.

Mr Haldane in bed four was awake again. He was eighty-seven, had come in with pneumonia, and did not \
like the dark. Nadia pulled a chair up beside him and he told her, for the third night running, about \
the summer he had worked on a fishing boat off the coast of Norway, when the sun never set and the men \
slept in turns in a cabin that smelled of diesel and tar. Each time he told it the boat was a little \
bigger and the fish a little heavier. Nadia didn't mind. By the time he reached the storm, his breathing \
had slowed and his eyes were closing.

At two o'clock the monitor in bed nine began to alarm. The patient, a young woman recovering from an \
operation on her appendix, had a heart rate of 140 and was pale and sweating. Nadia called the junior \
doctor, who arrived within four minutes, hair still flattened from the on-call room. Together they took \
blood, started fluids and sent her for a scan, which showed bleeding near the wound. She was back in \
theatre by half past three. Nadia spent the rest of the hour writing everything down, because if it \
isn't written down, the senior sister liked to say, it didn't happen.

At six the windows began to turn grey. Mr Haldane woke and asked whether it was morning yet, and when \
Nadia said it was, he said he had dreamed about the boat. The day staff arrived in twos and threes, \
smelling of cold air and shampoo. Nadia gave her handover, told them about bed nine, and walked out into \
a car park glittering with frost. She sat in her car for a long minute before starting the engine, \
watching the sun come up over the laundry building, and thought that there were worse ways to spend a \
night."""
