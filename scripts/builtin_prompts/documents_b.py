# ruff: noqa: E501  (prose: long string lines are the content)
"""Long multi-paragraph documents, part 2 (hand-written for llem, Apache-2.0; all invented)."""

FOOD_WASTE = """Briefing: reducing food waste in primary schools

Summary. A one-term audit of eight primary schools in the district found that, on average, 31 percent of \
the food served at lunch was thrown away, equal to about 74 grams per pupil per day. Scaled to the \
district's 58 primary schools, this is roughly 410 tonnes of food a year, with a purchase cost of about \
1.1 million pounds and greenhouse gas emissions comparable to those of 300 cars driven for a year.

Where the waste comes from. The audit weighed waste separately for each part of the meal. Vegetables \
accounted for the largest share (39 percent of waste), followed by main courses (27 percent), bread and \
potatoes (21 percent) and desserts (6 percent); the rest was untouched fruit. Waste was highest on days \
with new or unfamiliar dishes and lowest on days with pasta. Schools where lunch lasted less than 30 \
minutes wasted more than a third more food than schools with longer lunches, and youngest pupils wasted \
the most.

What worked. Three schools trialled changes during the second half of the term. Serving vegetables \
before the main course, as a starter, reduced vegetable waste by 28 percent. Letting pupils choose their \
portion size from two options reduced main-course waste by 19 percent without reducing the amount pupils \
ate. Moving playtime before lunch, rather than after it, reduced overall waste by 15 percent, apparently \
because pupils were no longer rushing to get outside. Tasting sessions for new dishes had no measurable \
effect.

Costs. None of the successful changes required new equipment. Portion choice required kitchen staff to \
be trained for about two hours. Moving playtime required changes to staff rotas, which two head teachers \
said would be difficult in schools with a single playground supervisor.

Recommendations. (1) Offer vegetables as a starter in all schools from next term. (2) Introduce two \
portion sizes for main courses, with training for kitchen staff. (3) Encourage, but do not require, \
schools to schedule playtime before lunch. (4) Repeat the audit in twelve months to check whether the \
reductions last. (5) Route unavoidable food waste to the anaerobic digestion plant rather than to \
general waste, which would cut disposal costs by about 40 pounds per tonne."""

CACHING = """Design note: caching product pages in the catalogue service

Context. The catalogue service answers about 4,000 requests per second at peak, and 85 percent of them \
are reads of product pages. Each read currently makes three database queries (product, prices, stock) \
and takes a median of 38 milliseconds and a 99th percentile of 410 milliseconds. The database is the \
bottleneck: its CPU use reaches 90 percent during sales, and we had two incidents last quarter in which \
slow queries caused timeouts for checkout.

Proposal. Add a read-through cache in front of the database for product pages. On a read, the service \
looks up the page in the cache; on a miss, it builds the page from the database and stores it with a time \
to live. Product descriptions and images change rarely and can be cached for an hour. Prices change \
several times a day, and stock changes with every order, so they cannot simply be cached for an hour.

Invalidation. We will cache the three parts separately. Descriptions are cached for 60 minutes and \
invalidated explicitly when an editor saves a change. Prices are cached for 5 minutes and invalidated by \
an event that the pricing service already publishes. Stock is not cached; instead, the page shows a \
stock level read from a replica, which is at most a few seconds behind the primary. Checkout always reads \
stock from the primary, so a stale value on a product page can never let a customer buy something that \
is out of stock.

Alternatives considered. A content delivery network could cache whole pages at the edge, but pages \
include personalised recommendations, so they would have to be split first. Adding database replicas \
would increase read capacity but not reduce latency. Rewriting the three queries into one would save \
about a third of the database time but leaves the underlying load unchanged.

Risks. A cache stampede could occur when a popular product's entry expires and hundreds of requests miss \
at once; we will use request coalescing so that only one request rebuilds an entry. If the cache cluster \
fails, all traffic would fall back to the database; we will keep the current capacity so the system still \
works, more slowly, without the cache.

Expected effect. Based on access logs, we expect a hit rate of about 92 percent for descriptions and 80 \
percent for prices, which would reduce database queries for product pages by roughly 70 percent."""

ISLAND_GUIDE = """Visitor guide: the island of Sarnholm

Getting there. Sarnholm lies 14 kilometres off the coast and is reached by a car ferry from Port Ulla, \
which sails four times a day in summer and twice a day from October to April. The crossing takes 55 \
minutes. Cars must be booked in advance in July and August; foot passengers and cyclists can simply turn \
up. In bad weather, especially strong westerly winds, crossings may be cancelled at short notice, so \
leave a spare day at the end of your trip if you have a flight to catch.

Getting around. The island is 22 kilometres long and mostly flat, apart from the cliffs at its northern \
tip, which makes cycling the most popular way to explore. Bikes can be hired at the harbour. A small bus \
runs the length of the island every two hours, and there are two taxis, which should be booked.

What to see. The village of Kirkhavn has a twelfth-century stone church with wall paintings rediscovered \
in 1911 under layers of whitewash. The northern cliffs are home to a colony of around 6,000 seabirds, \
including puffins from May to early August; keep to the marked path, as the cliff edges are unstable. \
The sandy beaches on the eastern shore are safe for swimming, but the western beaches have strong \
currents and swimming there is not recommended. At low tide, you can walk across to the tiny island of \
Lille Sarn, but check the tide tables at the harbour: the causeway floods quickly.

Food and drink. The island is known for smoked fish, which can be bought at the smokehouse south of \
Kirkhavn, and for its rye bread. There are three restaurants and a café at the harbour; most close in the \
evening outside the summer season, so self-catering visitors should shop before the supermarket closes at \
six.

Where to stay. Accommodation includes a hotel in Kirkhavn, a youth hostel in the former school, holiday \
cottages and a campsite near the eastern beaches. Wild camping is not permitted.

Respecting the island. Sarnholm has about 700 permanent residents. Please close farm gates, keep dogs on \
a lead near sheep, take your rubbish home, and do not pick the rare orchids that flower on the dunes in \
June."""

TENANCY = """Extract from an assured shorthold tenancy agreement

1. Parties and property. This agreement is between Northgate Lettings Ltd (the landlord's agent) and \
Ms Priya Raman (the tenant) for the flat at 12B Foundry Lane (the property).

2. Term. The tenancy begins on 1 September and lasts for twelve months. After the fixed term, the tenancy \
continues from month to month unless either party ends it as set out in clause 9.

3. Rent. The rent is 1,150 pounds per calendar month, payable in advance on the first day of each month \
by bank transfer. Rent paid more than 14 days late may incur interest at 3 percent above the Bank of \
England base rate, calculated from the due date.

4. Deposit. The tenant pays a deposit of 1,320 pounds, which the agent will protect in a government-\
approved deposit scheme within 30 days. At the end of the tenancy the deposit will be returned, less any \
agreed deductions for unpaid rent or damage beyond fair wear and tear, within 10 days of both parties \
agreeing the amount.

5. Tenant's obligations. The tenant must keep the property clean and in good condition, report any need \
for repairs promptly, not make alterations without written permission, and not sublet the property. The \
tenant may keep one cat or small dog with the landlord's written consent, which will not be unreasonably \
refused. The tenant must allow access for inspections and repairs with at least 24 hours' written notice, \
except in an emergency.

6. Landlord's obligations. The landlord must keep the structure and exterior of the property in repair, \
keep the installations for water, gas, electricity, sanitation and heating in working order, arrange an \
annual gas safety check and provide the tenant with a copy of the certificate.

7. Bills. The tenant pays council tax, electricity, gas, water, internet and television licence. The \
landlord pays the building insurance and the service charge for the communal areas.

8. Rent review. The rent may be reviewed once a year, starting after the fixed term, with at least one \
month's written notice. Any increase will not exceed the rise in the consumer price index over the \
previous twelve months plus 1 percent.

9. Ending the tenancy. After the fixed term, the tenant may end the tenancy by giving at least one \
month's written notice, ending on the last day of a rental period. The landlord may end the tenancy only \
as permitted by law and must give at least two months' written notice."""

INTERVIEW = """Transcript of a customer interview (bookkeeping software), lightly edited

Interviewer: Thanks for making time. Could you start by telling me about your business?

Customer: Sure. I run a small joinery workshop with two employees and an apprentice. We make kitchens \
and fitted wardrobes, mostly for private customers, sometimes for builders.

Interviewer: How do you handle the bookkeeping today?

Customer: I do most of it myself on Sunday evenings, which I hate. I've used your software for about two \
years. Before that it was a spreadsheet and a shoebox of receipts.

Interviewer: What works well?

Customer: The bank feed is brilliant. Transactions just appear and it usually guesses the category right. \
Invoicing is good too: I can send an invoice from my phone while I'm still on site, and customers pay \
faster because there's a payment link. That alone has made a big difference to cash flow. I used to wait \
six or seven weeks for some builders, now it's more like three.

Interviewer: And what's frustrating?

Customer: Quotes. Every job starts with a quote, and your quotes can't handle materials properly. I need \
to list sheet material, hardware and labour, with my margin on materials, and then when the customer \
accepts, turn that into a deposit invoice and a final invoice. At the moment I do the quote in a \
spreadsheet, then type it all in again. Last month I made a mistake retyping and undercharged a customer \
by four hundred pounds.

Interviewer: That's painful. Anything else?

Customer: Receipts from the timber merchant. They email a PDF, and your app reads the total but not the \
separate lines, so I can't see which job the materials were for. At the end of a job I don't actually \
know whether I made money on it. My accountant says that's the most important number and I don't have it.

Interviewer: If you could change one thing, what would it be?

Customer: Job costing. Let me tag every purchase and every hour to a job, and show me the profit per job. \
I'd pay more for that, honestly. I looked at a specialist system for trades, but it was twice the price \
and didn't have the bank feed.

Interviewer: Would you be willing to test an early version?

Customer: Yes, as long as it doesn't mess up my real accounts. And as long as I can use it on my phone, \
because I'm hardly ever at a desk."""
