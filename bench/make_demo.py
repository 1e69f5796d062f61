"""Write the demo site's WordPress export, ``magtheme/demo/demo.xml``.

The demo is plain WXR 1.2, loaded through the same importer as any WordPress export, so
it is written the way WordPress writes one: CDATA everywhere, a draft with a zero GMT
date and no slug, menus as a ``nav_menu`` term plus ``nav_menu_item`` posts carrying
their ``_menu_item_*`` meta. Authors carry ``wp:author_description`` (their biography),
an extension WordPress's own importer ignores.

The content is kept below as text, one ``## Title`` block per article: a header line
(``date | author | categories | tags``), optional ``slug:``, ``status:``, ``sticky:``
and ``excerpt:`` lines, comments as ``> name | reply-to index or - | approved | text``,
then the paragraphs, separated by blank lines as in WordPress's classic editor.

Run ``python bench/make_demo.py`` after editing; ``--check`` only says whether the
committed file is current (``tests/test_demo.py`` checks the same).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "magtheme" / "demo" / "demo.xml"
SITE_URL = "https://demo.magtheme.test"
TITLE = "The Daily Meridian"
TAGLINE = "Magtheme's demo newspaper: world, politics, business, science, sport and culture."
WXR_NS = "http://wordpress.org/export/1.2/"

AUTHORS = [
    (
        1,
        "amara",
        "amara@demo.magtheme.test",
        "Amara Okafor",
        "Amara",
        "Okafor",
        "Amara Okafor is the editor of The Daily Meridian. She spent a decade as a foreign correspondent in West Africa and Brussels before coming home to run the newsroom, and still files the occasional dispatch when a story will not wait.",
    ),
    (
        2,
        "dreyes",
        "daniel@demo.magtheme.test",
        "Daniel Reyes",
        "Daniel",
        "Reyes",
        "Daniel Reyes covers business, technology and sport for The Daily Meridian. Before journalism he worked as a data analyst for a regional transport authority, which explains his fondness for timetables, spreadsheets and away games.",
    ),
    (
        3,
        "nkhan",
        "nadia@demo.magtheme.test",
        "Nadia Khan",
        "Nadia",
        "Khan",
        "Nadia Khan is The Daily Meridian's science correspondent. She trained as a marine biologist, spent two seasons on research ships in the North Atlantic, and now writes about oceans, space and medicine for readers who like their facts checked twice.",
    ),
    (
        4,
        "tbergstrom",
        "tomas@demo.magtheme.test",
        "Tomas Bergström",
        "Tomas",
        "Bergström",
        "Tomas Bergström is the sport editor. He has reported from four World Cups, two Olympic Games and countless wet Tuesday nights at the harbour ground, and he still believes the best match reports are written before the final whistle and rewritten after it.",
    ),
    (
        5,
        "lmoreau",
        "lucie@demo.magtheme.test",
        "Lucie Moreau",
        "Lucie",
        "Moreau",
        "Lucie Moreau writes about culture and Europe from the paper's Brussels desk. A former radio producer, she reviews films, books and exhibitions, and follows the European Union's ministers from summit to summit.",
    ),
]
LOGINS = {author[0]: author[1] for author in AUTHORS}

#: (term_id, slug, name, parent slug, description)
CATEGORIES = [
    (1, "uncategorized", "Uncategorized", "", ""),
    (2, "world", "World", "", "News and analysis from around the globe."),
    (3, "europe", "Europe", "world", "Politics, economies and people across the continent."),
    (4, "politics", "Politics", "", "Parliaments, elections and the people who run them."),
    (5, "business", "Business", "", "Markets, companies and the economy."),
    (6, "technology", "Technology", "", "Gadgets, software and the companies behind them."),
    (7, "science", "Science", "", "Discoveries, research and the natural world."),
    (8, "sport", "Sport", "", "Results, reports and features from every field."),
    (9, "football", "Football", "sport", "Leagues, cups and transfer talk."),
    (10, "culture", "Culture", "", "Film, music, books and the arts."),
    (11, "breaking-news", "Breaking News", "", "Stories developing right now."),
]
TAG_NAMES = [
    "Breaking",
    "Russia",
    "Ukraine",
    "Diplomacy",
    "Turkey",
    "Elections",
    "Economy",
    "Climate",
    "Artificial intelligence",
    "Space",
    "Energy",
    "Transport",
    "Housing",
    "Startups",
    "Markets",
    "Health",
    "Film",
    "Music",
    "Books",
    "Cities",
    "Oceans",
    "Cycling",
    "Tennis",
    "Education",
    "Trade",
    "Agriculture",
    "Privacy",
]
TAG_IDS = {name: 20 + index for index, name in enumerate(TAG_NAMES)}
#: The menus: (term_id, slug, name, ID of their first item). ``load_demo`` puts them in the
#: theme's ``primary``, ``footer`` and ``social`` locations.
MENUS = [
    (60, "main-menu", "Main menu", 70),
    (61, "footer-menu", "Footer menu", 90),
    (62, "social-menu", "Social links", 95),
]
FIRST_ARTICLE_ID = 10
#: Sections of the main menu, in order, with the section they drop down from.
MAIN_MENU_SECTIONS = [
    ("world", ""),
    ("europe", "world"),
    ("politics", ""),
    ("business", ""),
    ("technology", ""),
    ("science", ""),
    ("sport", ""),
    ("football", "sport"),
    ("culture", ""),
]
#: The footer menu's pages (IDs of PAGES_TEXT).
FOOTER_PAGES = [2, 5, 4, 3]
#: The social menu's links: (title, URL). Plain links, as a theme prints them: nothing is
#: loaded from them. The profile is on a reserved ``.example`` host: the paper is invented.
SOCIAL_LINKS = [
    ("RSS feed", "/feed/"),
    ("Mastodon", "https://mastodon.example/@dailymeridian"),
    ("Email the newsroom", "mailto:news@demo.magtheme.test"),
]

PAGES_TEXT = """
## About
id: 2 | slug: about

The Daily Meridian is an independent news magazine covering world affairs, politics, business, technology, science, sport and culture.

We are funded by our readers and by advertising that never influences what we publish. Our journalists follow a public code of conduct, and we correct our mistakes openly at the foot of each article.

The editor is Amara Okafor. You can reach the newsroom through our contact page.

## Privacy Policy
id: 3 | slug: privacy-policy

This page explains what information The Daily Meridian collects when you visit the site and how it is used.

<strong>Comments.</strong> When you leave a comment we keep the name, email address and text you enter, and your IP address to help detect spam. Your email address is never shown publicly.

<strong>Cookies.</strong> If you leave a comment you may opt in to saving your name and email address in cookies, so you do not have to enter them again. These cookies last for one year.

<strong>Analytics.</strong> We count page views without cookies and without storing IP addresses.

<strong>Your rights.</strong> You can ask us for a copy of the data we hold about you, or ask us to delete it, by writing to privacy@demo.magtheme.test.

## Contact
id: 4 | slug: contact

Tips, corrections and letters to the editor are welcome.

<strong>Newsroom:</strong> news@demo.magtheme.test
<strong>Corrections:</strong> corrections@demo.magtheme.test
<strong>Advertising:</strong> ads@demo.magtheme.test

The Daily Meridian, 12 Harbour Street, Meridian Quay.

## Our Newsroom
id: 5 | slug: newsroom | template: full-width.html

The Daily Meridian is made by five journalists and a great many readers who write in. This page is laid out across the full width of the paper, without a sidebar: it uses the theme's “Full width” template.

<strong>Amara Okafor, editor.</strong> Sets the front page, reads every story before it runs and answers the letters nobody else wants to.

<strong>Daniel Reyes, business and technology.</strong> Markets, companies, transport and anything that comes with a spreadsheet.

<strong>Nadia Khan, science.</strong> Oceans, space, medicine and the research behind the headlines.

<strong>Tomas Bergström, sport.</strong> Match reports, marathons and the long view of the league table.

<strong>Lucie Moreau, culture and Europe.</strong> Films, books and exhibitions, and the European Union's ministers from summit to summit.

Everything on this site is a demonstration of Magtheme: the newsroom, its staff and its address are invented, and so are all the stories but the lead, which is adapted from a news report of 11 May 2025.
"""

ARTICLES_TEXT = """
## Coastal Cities Agree Shared Plan to Protect Harbours from Rising Seas
date: 2025-04-01 07:30:00 | author: amara | categories: world | tags: Climate, Cities, Oceans

Mayors from fourteen coastal cities signed a joint adaptation plan on Monday, pooling engineering studies and purchasing power to build flood barriers, raised quays and tidal parks over the next decade.

The agreement commits each city to publishing its flood maps in a common format and to sharing the cost of a research vessel that will survey harbour floors every two years.

“None of us can afford to learn these lessons alone,” said the chair of the group, whose own port city lost its fish market to a storm surge three winters ago.

## Regional Rail Link Opens Three Months Ahead of Schedule
date: 2025-04-02 08:15:00 | author: dreyes | categories: business | tags: Transport, Economy
> Fiona Marsh | - | 1 | Took it this morning. Clean, quiet and on time. More of this please.
> Gareth Lloyd | - | 0 | Now add a Sunday service.

The first passenger trains ran on the new valley rail link on Wednesday, cutting the journey between the two largest towns in the region from seventy minutes by road to twenty-six by rail.

Engineers credited a dry autumn and a decision to prefabricate the line’s four bridges off site for finishing well before the summer deadline. The project also came in slightly under its budget.

Local businesses expect the link to widen the pool of workers they can hire, while commuter groups have asked for later evening services before the autumn timetable is set.

## Parliament Passes Housing Bill After Late-Night Session
date: 2025-04-03 06:45:00 | author: amara | categories: politics, breaking-news | tags: Housing, Elections
excerpt: A fourteen-hour debate ends with new powers for councils to buy land and a cap on rent rises for existing tenants.
> Ruth Calloway | - | 1 | The school-or-clinic requirement is the most interesting part and got the least debate.
> Ben Hartley | 0 | 1 | Agreed. Whether developers actually build them is another question.
> Cheap Watches | - | spam | Best replica watches, click here!

After fourteen hours of debate and more than two hundred amendments, parliament approved the government’s housing bill shortly after three o’clock in the morning.

The law lets councils buy land at its existing use value for social housing, caps annual rent rises for existing tenants, and requires new developments above fifty homes to include a primary school or clinic.

Opposition members argued the rent cap would discourage landlords from repairing older homes, and several promised to revisit the measure after the next election.

Tenant associations welcomed the vote but warned that the law would only matter if councils were given the staff to use their new powers.

## Start-up Turns Brewery Waste into Packaging Foam
date: 2025-04-04 10:00:00 | author: dreyes | categories: business, technology | tags: Startups, Climate

A company founded by three chemistry graduates has begun supplying packaging foam made from spent grain, the damp husks left over after brewing.

The material is moulded into trays and corner protectors, breaks down in a garden compost heap within weeks, and costs roughly the same as the polystyrene it replaces once volumes pass a few thousand units a month.

Six breweries now deliver their waste grain to the start-up’s workshop instead of paying to have it taken away, and a furniture maker has signed up as its first large customer.

## Observatory Captures Sharpest Image Yet of a Distant Comet
date: 2025-04-05 21:30:00 | author: nkhan | categories: science | tags: Space

Astronomers at the mountain observatory have released an image of a long-period comet showing two distinct tails and a jet of dust erupting from its nucleus.

The comet last passed through the inner solar system several thousand years ago. Researchers hope the jets, visible for the first time at this resolution, will reveal how much frozen carbon dioxide it still carries.

Amateur astronomers should be able to spot it with binoculars low in the western sky after sunset during the last week of April.

## City Marathon Draws Record Field as New Course Wins Praise
date: 2025-04-06 15:20:00 | author: tbergstrom | categories: sport | tags: Cities

More than twenty-two thousand runners finished the city marathon on Sunday, a record for the event, on a redesigned course that swapped the ring road for the river embankments.

The men’s race was decided in a sprint along the final bridge, while the women’s winner broke away at the thirtieth kilometre and finished almost two minutes clear.

Organisers said the new route, which passes through six neighbourhoods that had never hosted the race, drew the biggest roadside crowds they had seen.

## Central Bank Holds Rates Steady, Signals Patience
date: 2025-04-08 12:00:00 | author: dreyes | categories: business, breaking-news | tags: Economy, Markets

The central bank left its main interest rate unchanged on Tuesday for the third meeting in a row, saying it wanted to see inflation settle closer to its target before moving.

Policymakers noted that prices for services were still rising faster than they would like, even as the cost of energy and food had eased over the winter.

Markets had expected the decision, and bond yields barely moved. Economists now see the first cut coming in the autumn at the earliest.

## New Translation Brings Forgotten Novel Back Into Print
date: 2025-04-09 09:10:00 | author: lmoreau | categories: culture | tags: Books

A small independent publisher has released the first English translation in sixty years of a sprawling family saga that was a bestseller on its first appearance and then fell out of print.

The translator spent four years on the book, working partly from the author’s handwritten drafts, which restore two chapters cut by the original censors.

Early reviews have praised its warmth and humour, and the first print run sold out within a fortnight.

## Wind Farm Cooperative Pays First Dividend to Villagers
date: 2025-04-10 07:00:00 | author: dreyes | categories: business, science | tags: Energy, Climate

Residents of four hill villages who bought shares in a community wind farm have received their first dividend, five years after the turbines were proposed at a packed meeting in the parish hall.

The cooperative owns three turbines and sells its electricity to the grid under a fifteen-year contract. Part of the income funds a minibus service and insulation grants for older homes.

Similar schemes in two neighbouring valleys are now seeking planning permission.

## Election Commission Tests New Counting System Before Local Vote
date: 2025-04-11 11:30:00 | author: amara | categories: politics | tags: Elections, Privacy

The election commission ran a full rehearsal of its new ballot-counting procedure on Friday, with volunteers counting a quarter of a million mock ballots in twelve halls.

The system keeps paper ballots as the official record but uses scanners to produce a quick provisional tally, which is then checked by hand against a random sample of boxes.

Observers from three parties attended the trial. The commission will publish its full findings, including every discrepancy found, before next month’s local elections.

## Open-Source Translation Tool Adds Forty Minority Languages
date: 2025-04-12 14:00:00 | author: dreyes | categories: technology | tags: Artificial intelligence, Education

A volunteer-run machine translation project has added forty languages spoken by fewer than a million people each, many of them with little written material online.

Teachers and community radio stations helped gather the texts used to train the models, and native speakers reviewed thousands of sample translations before release.

The maintainers stress that the tool is meant to help readers get the gist of a text, not to replace professional translators, and publish accuracy figures for each language.

## Late Penalty Sends Harbourside United Into Cup Semi-Final
date: 2025-04-13 19:45:00 | author: tbergstrom | categories: sport, football

Harbourside United reached the cup semi-final for the first time in eleven years after a penalty in the ninety-third minute settled a tense quarter-final.

The visitors had led for most of the second half after a header from a corner, but United equalised with twenty minutes left and pressed until the very end.

The semi-final draw takes place on Monday evening.

## Ancient Olive Groves Mapped From Space
date: 2025-04-14 08:30:00 | author: nkhan | categories: science, europe | tags: Agriculture, Space

Researchers have used satellite images to map more than eleven thousand olive trees that are thought to be at least five hundred years old, scattered across hillsides around the Mediterranean.

The trees were identified by the shape and spacing of their crowns, and a sample was confirmed by ground surveys and ring counts.

The team hopes the map will help farmers and regional governments protect the oldest groves, which hold genetic diversity that modern plantations have lost.

## Trade Ministers Reach Outline Deal on Farm Imports
date: 2025-04-15 17:10:00 | author: amara | categories: world, politics | tags: Trade, Agriculture
sticky: yes
excerpt: Tariffs on fruit, grain and dairy would fall gradually over seven years under the outline agreement.

Trade ministers meeting in the capital announced an outline agreement on Tuesday that would gradually lower tariffs on fruit, grain and dairy over seven years.

Farmers’ unions have been cautious, warning that small producers could be undercut. The agreement includes a safeguard clause allowing tariffs to return if imports surge.

Negotiators will now draft the legal text, which must be approved by parliament before it takes effect.

## Phone Makers Agree Common Standard for Replaceable Batteries
date: 2025-04-16 09:45:00 | author: dreyes | categories: technology, business | tags: Startups

Five of the largest phone manufacturers have agreed on a common set of fittings and tools that will let owners replace a phone battery at home in under ten minutes.

The standard covers screw sizes, connector shapes and the adhesive used to hold batteries in place. Devices built to it are expected from next spring.

Repair groups welcomed the news, though some noted that the agreement says nothing about the price of spare parts.

## Festival Line-Up Puts Local Bands Alongside Headliners
date: 2025-04-17 13:00:00 | author: lmoreau | categories: culture | tags: Music

The summer music festival has announced a line-up in which a third of the acts come from within fifty kilometres of the site, many of them playing their first large stage.

The organisers said they had received more than nine hundred applications for the local slots, and picked the bands with a panel that included music teachers and venue owners.

Tickets go on sale on Friday, with a reduced price for residents of the host town.

## Hospitals Trial Shorter Waits With Evening Clinics
date: 2025-04-18 07:40:00 | author: amara | categories: politics | tags: Health

Three hospitals have begun opening outpatient clinics until nine in the evening, a trial aimed at cutting waiting lists without building new wards.

Patients can now choose an evening appointment when they are referred, and staff who work the later shifts get an extra day off each month.

Early figures suggest that fewer people are missing appointments, since many no longer have to take time off work to attend.

## Tennis Academy Produces Three Junior Champions
date: 2025-04-19 16:00:00 | author: tbergstrom | categories: sport | tags: Tennis

A small tennis academy run from a converted bus depot has produced three national junior champions this season.

The academy charges fees on a sliding scale and lends rackets and shoes to any player who needs them. Its coaches put the results down to plenty of match practice and very little shouting.

## Europe’s Night Trains Make a Comeback
date: 2025-04-20 10:30:00 | author: lmoreau | categories: europe, business | tags: Transport, Climate
excerpt: Six new overnight connections are due before the end of the year as travellers swap short flights for sleeper cabins.

Sleeper services are returning to routes across the continent, with six new overnight connections due to start before the end of the year.

Operators say demand comes from travellers who would rather arrive rested in a city centre than fly to an airport an hour outside it, and from companies trying to cut the emissions of business travel.

The main obstacle remains the cost of running trains across several national networks, each with its own track access charges and safety rules.

Passenger groups are calling for a single booking system so that a journey across three countries can be bought in one go.

## Scientists Find Coral Reef Recovering Faster Than Expected
date: 2025-04-21 08:00:00 | author: nkhan | categories: science | tags: Oceans, Climate

A reef that lost most of its living coral in a heatwave six years ago has regained almost half of its cover, according to divers who have surveyed it every spring since.

The researchers think a combination of cooler currents and a ban on fishing for the grazing fish that keep algae in check allowed young corals to settle and grow.

They caution that another severe heatwave could undo the gains, but say the reef shows how quickly recovery can happen when local pressures are removed.

## Retailers Report Strongest Spring Sales in Four Years
date: 2025-04-22 11:15:00 | author: dreyes | categories: business | tags: Economy, Markets

Shops enjoyed their best spring in four years, according to an industry survey that points to warmer weather and rising real wages.

Garden furniture, bicycles and children’s clothing sold particularly well, while spending on electronics was flat.

Retailers remain cautious about the second half of the year, when higher energy contracts are due to be renewed.

## Minister Resigns Over Procurement Review
date: 2025-04-23 18:30:00 | author: amara | categories: politics | tags: Elections

The transport minister resigned on Wednesday evening, hours after an independent review criticised the way a contract for road maintenance vehicles had been awarded.

The review found no evidence of personal gain but said that the ministry had failed to follow its own rules on competitive tendering.

In her resignation letter the minister said she accepted responsibility for the failings of her department. A successor is expected to be named on Thursday.

## AI Model Helps Radiologists Spot Fractures in Children
date: 2025-04-24 09:00:00 | author: nkhan | categories: technology, science | tags: Artificial intelligence, Health

A study across five hospitals found that radiologists who used an AI assistant missed fewer small fractures in children’s X-rays than those who worked without it.

The software highlights areas it considers suspicious but leaves the final decision to the doctor. The biggest benefit was seen at night, when fewer specialists are on duty.

The researchers say larger trials are needed before the tool is used routinely, and that it must be checked regularly against new images to make sure it does not drift.

## Film About Island Ferry Crew Wins Audience Award
date: 2025-04-25 20:00:00 | author: lmoreau | categories: culture | tags: Film

A documentary following the crew of the last ferry serving a remote island through a winter of storms won the audience award at the city film festival.

The director spent five months on board, and much of the film was shot on a single camera wedged beside the wheelhouse window.

Distributors from four countries have asked to screen the film, which will be shown on the island itself in June.

## Neighbouring States Sign Water-Sharing Treaty
date: 2025-04-26 12:30:00 | author: amara | categories: world | tags: Diplomacy, Climate, Agriculture

Two neighbouring states that share a river basin have signed a treaty on how to divide its water in dry years, ending two decades of disputes.

The agreement sets out a formula linked to rainfall and snowpack, creates a joint commission with its own monitoring stations, and provides for arbitration if the two sides disagree.

Farmers downstream, who have seen their wells run dry in recent summers, greeted the news with cautious relief.

## Derby Ends All Square After Frantic Finish
date: 2025-04-27 17:00:00 | author: tbergstrom | categories: football

The city derby ended two goals apiece after three goals in the final twelve minutes turned a quiet afternoon into one of the most dramatic matches of the season.

Both managers said afterwards that a draw was a fair result, though neither looked entirely happy about it.

## Cycling Lanes Cut Commute Times, Council Study Finds
date: 2025-04-28 08:20:00 | author: dreyes | categories: politics | tags: Cycling, Cities, Transport

A year after the council opened a network of protected cycle lanes, a study found that average commuting times on the main routes fell for cyclists and bus passengers alike.

Car journeys on the same routes took slightly longer at peak times, but traffic on nearby residential streets fell by a fifth.

The council plans to extend the network to the eastern suburbs next year, after a consultation in the autumn.

## Chip Factory Expansion to Create Nine Hundred Jobs
date: 2025-04-29 10:40:00 | author: dreyes | categories: business, technology | tags: Economy, Trade

A semiconductor manufacturer will expand its factory on the edge of the city, creating nine hundred jobs over three years.

The company will train technicians with the local college, which is opening a new clean-room teaching laboratory for the purpose.

Environmental groups asked for guarantees on the plant’s water use, which the company said would be met largely by recycling.

## Rare Seabird Returns to Nest on Restored Island
date: 2025-04-30 07:15:00 | author: nkhan | categories: science | tags: Oceans

A pair of storm petrels has nested on a small island for the first time in forty years, after volunteers spent three winters removing rats that had arrived with shipwrecks.

Conservationists placed loudspeakers playing petrel calls among the rocks to attract the birds back, a technique that has worked on other islands.

If the chick fledges, the team expects more pairs to follow next year.

## EU Ministers Back New Rules on Repairable Appliances
date: 2025-05-01 13:20:00 | author: lmoreau | categories: europe, politics | tags: Trade, Privacy

European ministers approved rules requiring makers of washing machines, fridges and vacuum cleaners to supply spare parts for at least ten years after a model is discontinued.

Manufacturers will also have to publish repair manuals and may not use software to block parts fitted by independent repairers.

The rules take effect in two years, giving companies time to redesign products and build up stocks of parts.

## Museum Reopens With Galleries Designed by Its Visitors
date: 2025-05-02 10:00:00 | author: lmoreau | categories: culture | tags: Cities
sticky: yes
> Isabel Cortez | - | 1 | Took my kids on Saturday — they loved the shipwreck room.

The city museum has reopened after a two-year renovation with galleries that were planned with help from more than three thousand visitors who answered surveys and joined workshops.

Objects are now arranged by the stories they tell rather than by period, and every label is written in plain language with a longer text available online.

Entry remains free, and the museum will stay open until ten on Thursday evenings.

## Satellite Launch Puts Weather Monitoring Over the Poles
date: 2025-05-03 06:30:00 | author: nkhan | categories: science, technology | tags: Space, Climate

A weather satellite launched before dawn on Saturday and reached its polar orbit an hour later, the mission’s control centre said.

The satellite carries instruments that measure temperature and humidity through the whole depth of the atmosphere, filling gaps over the polar regions where ground stations are scarce.

Forecasters expect its data to improve predictions of severe storms several days ahead.

## Small Lenders Feel the Squeeze as Deposits Move Online
date: 2025-05-05 09:30:00 | author: dreyes | categories: business | tags: Markets, Economy

Regional savings banks are losing deposits to online accounts that offer higher interest, forcing some to raise their own rates and accept thinner margins.

Analysts say the smaller banks still have loyal customers, especially among older savers and local businesses, but need to modernise their apps to hold on to younger ones.

## Schools Add Coding and Cooking to Core Timetable
date: 2025-05-06 08:00:00 | author: amara | categories: politics | tags: Education, Health

Secondary schools will teach both programming and practical cooking as compulsory subjects from September, the education ministry announced.

Teachers’ unions welcomed the changes in principle but said they would need funding for kitchens, computers and training.

The ministry said the extra hours would come from a reorganised timetable rather than a longer school day.

## Goalkeeper’s Late Save Keeps Title Race Alive
date: 2025-05-07 21:30:00 | author: tbergstrom | categories: football

A stoppage-time save from the league leaders’ goalkeeper preserved a one-nil win and kept a three-point lead with two matches remaining.

The second-placed side won comfortably at home, ensuring that the title race will go to the final day.

Both clubs have sold out their remaining home fixtures.

## Data Centres Must Report Energy Use Under New Law
date: 2025-05-08 11:00:00 | author: dreyes | categories: technology, politics | tags: Energy, Privacy, Artificial intelligence
excerpt: Large data centres will publish their electricity and water use in a public register.

Operators of large data centres will have to publish annual figures for their electricity and water consumption under a law passed on Thursday.

The figures will be collected in a public register, which ministers say will help planners decide where new centres can be connected to the grid.

Industry groups supported the aim but asked for a common method of calculation so that operators can be compared fairly.

## Author’s Debut Collection Shortlisted for National Prize
date: 2025-05-09 15:00:00 | author: lmoreau | categories: culture | tags: Books

A debut collection of short stories set in a single apartment building has been shortlisted for the national book prize.

The judges praised the way the stories overlap, with minor characters in one becoming the narrators of another. The winner will be announced in June.

## Foreign Ministers Meet as Ceasefire Pressure Builds
date: 2025-05-10 18:00:00 | author: amara | categories: world, europe | tags: Diplomacy, Ukraine, Russia

Foreign ministers from several European countries met on Saturday to coordinate their position ahead of what diplomats described as a decisive week for efforts to halt the fighting in Ukraine.

The ministers called for an unconditional thirty-day ceasefire and said further sanctions would follow if it were refused.

Officials said contacts with Moscow and Kyiv would continue over the weekend, and that any proposal for talks would be studied carefully.

## Putin Proposes Direct Peace Talks with Ukraine in Istanbul To Restore ‘Lasting Peace’
date: 2025-05-11 09:00:00 | author: amara | categories: world, breaking-news | tags: Breaking, Russia, Ukraine, Diplomacy, Turkey
slug: putin-proposes-direct-peace-talks-with-ukraine-in-istanbul-to-restore-lasting-peace
sticky: yes
> Margaret Ellison | - | 1 | Any talks are better than none, but the timing right after the ceasefire ultimatum makes me sceptical.
> Tomasz Nowak | - | 1 | Istanbul again. Let’s hope it goes better than the 2022 rounds did.
> Priya Raman | - | 1 | The key line is “without any preconditions”. It will be interesting to see whether that survives the first day.
> Oliver Grant | 2 | 1 | Exactly. Both sides have said that before and then tabled a list of demands on arrival.
> Lena Hoffmann | - | 1 | Turkey has kept channels open to both sides throughout, so it makes sense as a venue.
> Samuel Adeyemi | - | 1 | Good, clear write-up. Will you be following the talks on Thursday?
> Amara Okafor | 5 | 1 | We will — our correspondent is on the way to Istanbul and we will run live coverage from Thursday morning.
> Claire Dubois | - | 1 | European leaders were calling for an unconditional thirty-day ceasefire first. This sidesteps that entirely.
> James Whitaker | 7 | 1 | Which may be the point: it puts the ball back in Kyiv’s court without conceding anything.
> Anna Kowalczyk | 8 | 1 | Or it is a genuine opening. Hard to know from the outside; I would rather they talk than not.
> Rafael Moreno | - | 1 | Thanks for quoting the statement at length rather than paraphrasing it.
> Hannah Lindqvist | - | 1 | The human cost is what matters here. Every week without talks is measured in lives.
> Daniel Brooks | - | 1 | Markets barely moved this morning, which tells you how much confidence traders have in a breakthrough.
> Yusuf Demir | - | 1 | As someone in Istanbul: the city has hosted these talks before and people here genuinely hope for a result this time.
> Margaret Ellison | 13 | 1 | Thank you, Yusuf — good to hear a view from the city itself.

Russian President Vladimir Putin has proposed direct peace talks with Ukraine to be held on 15 May in Istanbul, marking the most significant diplomatic gesture from the Kremlin in months amid a protracted and devastating war.

Speaking from the Kremlin in the early hours of Sunday, Putin said the talks should aim not merely at a temporary truce, but at “eliminating the root causes of the conflict” and “restoring a long-term, lasting peace”.

“We are proposing that Kyiv resume direct negotiations without any preconditions,” Putin said. “We offer the Kyiv authorities to resume negotiations already on Thursday, in Istanbul.”

The announcement comes more than three years after Russia launched its full-scale invasion of Ukraine in February 2022, resulting in hundreds of thousands of military casualties and a sharp breakdown in relations between Moscow and the West.

While Russia has previously signalled a willingness to negotiate, it has rarely done so without attaching conditions. Sunday’s proposal appears to be a calculated shift, potentially aimed at seizing the diplomatic initiative ahead of intensifying Western pressure.

Putin added that he would speak with Turkish President Recep Tayyip Erdoğan later in the day to seek Ankara’s continued support as a mediator. Turkey previously hosted failed rounds of talks between Russia and Ukraine in 2022.

He accused Kyiv and its Western allies of prioritising “personal political ambitions” over peace, saying, “Our proposal, as they say, is on the table. The decision is now up to the Ukrainian authorities and their curators.”

Despite mounting calls for a negotiated settlement — including from US President Donald Trump and several European leaders — Ukraine has so far insisted that any talks must be predicated on the withdrawal of Russian forces and the restoration of its full territorial integrity.

Neither President Volodymyr Zelensky’s office nor Ukraine’s foreign ministry immediately responded to requests for comment.

The latest overture follows weeks of escalated fighting and failed ceasefire attempts, including a recent three-day Russian truce which Ukraine dismissed as a “theatrical show” due to continued assaults.

## Spring Budget: What the Numbers Mean for Households
date: 2025-05-11 08:00:00 | author: dreyes | categories: business, politics | tags: Economy
status: draft

Notes for Thursday’s explainer: tax thresholds, energy support, childcare changes.

Check figures with the finance desk before publishing.

## The Daily Meridian Time Capsule Is Opened
date: 2035-05-11 09:00:00 | author: amara | categories: culture | tags: Cities
status: future

Ten years ago our readers sent us letters to their future selves, along with predictions for the city, its transport and its football clubs. Today we opened the box.

We will publish a selection over the coming week, starting with the predictions that came true.

## Storm Warning Issued as Gales Close Northern Ferry Routes
date: 2025-05-10 22:10:00 | author: amara | categories: breaking-news, world | tags: Breaking, Transport, Climate
excerpt: Forecasters expect gusts of up to 110 km/h overnight; every ferry crossing north of the cape is suspended until Monday.
> Fiona Marsh | - | 1 | The harbour master has just tied up the last boat. Stay safe everyone.

Forecasters issued their highest storm warning of the year on Saturday evening as a deep low moved in from the Atlantic, bringing gusts of up to 110 kilometres an hour to the northern coast overnight.

The ferry operator suspended every crossing north of the cape until Monday morning and said passengers with bookings would be moved to the first sailings after the storm at no charge.

Coastguard crews have been placed on standby and the regional council has opened two school halls as shelters for residents of low-lying streets near the harbour.

## Wildfire Forces Evacuation of Hillside Villages
date: 2025-05-09 06:40:00 | author: lmoreau | categories: breaking-news, europe | tags: Breaking, Climate

Firefighters evacuated four hillside villages before dawn on Friday as a wildfire driven by dry winds spread through pine forest above the coast road.

About nine hundred residents spent the night in a sports hall in the valley town, where volunteers handed out blankets and breakfast. No injuries have been reported.

Water-bombing aircraft from two neighbouring countries joined the effort at first light, and the regional authorities said the fire's western edge had been contained by mid-morning.

## Central Bank Holds Rates but Signals Cut Before Summer
date: 2025-05-08 12:00:00 | author: dreyes | categories: business, breaking-news | tags: Economy, Markets
excerpt: Inflation is falling faster than expected, the governor said, and borrowers may not have long to wait.

The central bank left its main interest rate unchanged on Thursday but said falling inflation could allow a cut as soon as its June meeting.

The governor told reporters that energy prices and rents were rising more slowly than the bank had forecast in the spring, although wages were still growing faster than productivity.

Mortgage lenders said they would wait for the decision before changing their fixed-rate offers; the currency slipped slightly against the euro after the announcement.

## Underdogs Reach Cup Final After Penalty Shoot-out
date: 2025-05-04 22:00:00 | author: tbergstrom | categories: football, sport | tags: Cities
> Gareth Lloyd | - | 1 | Twelve penalties. My nerves will never recover.
> Ben Hartley | 0 | 1 | Worth every minute. See you at the final.

Third-tier Meridian Rovers reached the cup final for the first time in their history on Sunday, beating Harbourside United seven-six on penalties after a goalless two hours.

The Rovers goalkeeper, a part-time electrician, saved two kicks in the shoot-out and scored the decisive one himself.

Some four thousand travelling supporters sang long after the final whistle, and the club said it would put up a screen at its own ground for those without a ticket to the final.

## Cycling Tour Adds a Mountain Stage Through the Valley
date: 2025-04-07 11:00:00 | author: tbergstrom | categories: sport | tags: Cycling

Organisers of the national cycling tour announced on Monday that this year's race will include its first mountain-top finish in a decade, a twenty-kilometre climb above the valley reservoir.

Team managers welcomed the change, saying a harder route would open the race to climbers who usually lose minutes on the flat opening stages.

Local hotels reported a rush of bookings within hours of the announcement, and the council said the mountain road would be resurfaced before July.

## Deep-Sea Survey Maps an Underwater Mountain Range
date: 2025-04-18 15:30:00 | author: nkhan | categories: science | tags: Oceans
excerpt: Sonar from a research ship reveals eleven peaks, the tallest rising more than two kilometres from the sea floor.

A research ship returning from a six-week voyage has mapped a chain of eleven underwater mountains off the continental shelf, the tallest rising more than two kilometres from the sea floor.

Biologists on board filmed cold-water corals, sponges and a species of octopus they believe has not been described before, living on the slopes of the highest peak.

The survey data will be published openly, the expedition's leader said, so that fishing authorities can decide whether the seamounts should be protected.

## Orchestra Plays First Concert in Restored Harbour Hall
date: 2025-04-27 20:30:00 | author: lmoreau | categories: culture | tags: Music, Cities
> Isabel Cortez | - | 1 | The acoustics are astonishing. You could hear the harp from the back row.

The city orchestra gave the first concert in the restored Harbour Hall on Sunday evening, forty years after the building's last performance.

The hall, a former customs warehouse, has been rebuilt around a timber concert room whose curved walls were tuned with the help of the orchestra's own players during rehearsals.

Tickets for the opening season sold out within a day, and the orchestra has promised a free open rehearsal each month for schoolchildren.
"""

#: A comment: (author name, text, index of the comment it replies to or None, approved).
Comment = tuple[str, str, int | None, str]


@dataclass
class Article:
    """One ``## Title`` block of :data:`ARTICLES_TEXT` (or :data:`PAGES_TEXT`)."""

    title: str
    fields: dict[str, str]
    body: str
    comments: list[Comment] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n\n")


def parse_blocks(text: str) -> list[Article]:
    """``## Title`` blocks: header lines of ``key: value`` pairs, comments, blank line, body."""
    blocks = []
    for chunk in text.strip().split("\n## "):
        head, _, body = chunk.removeprefix("## ").partition("\n\n")
        title, *lines = head.split("\n")
        fields: dict[str, str] = {}
        comments: list[Comment] = []
        for line in lines:
            if line.startswith("> "):
                name, reply, approved, said = (part.strip() for part in line[2:].split(" | ", 3))
                comments.append((name, said, None if reply == "-" else int(reply), approved))
                continue
            for pair in line.split(" | ") if not line.startswith("excerpt:") else [line]:
                key, _, value = pair.partition(": ")
                fields[key.strip()] = value.strip()
        blocks.append(Article(title, fields, body.strip(), comments))
    return blocks


def cdata(text: str) -> str:
    """WordPress's ``wxr_cdata``: a CDATA section, with ``]]>`` split across two."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def rfc2822(date: str) -> str:
    """An RSS ``pubDate`` for a UTC ``YYYY-MM-DD HH:MM:SS`` date."""
    return format_datetime(datetime.strptime(date, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC))


def slugify(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in out.split("-") if part)


def category_name(slug: str) -> str:
    return next(name for _, s, name, _, _ in CATEGORIES if s == slug)


def element(tag: str, value: str | int, raw: bool = False) -> str:
    text = str(value) if raw or isinstance(value, int) else cdata(value)
    return f"<{tag}>{text}</{tag}>"


class Writer:
    """Builds the export line by line, numbering comments in file order."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.comment_id = 0

    def w(self, line: str) -> None:
        self.out.append(line)

    def channel_head(self) -> None:
        self.w('<?xml version="1.0" encoding="UTF-8" ?>')
        self.w(
            "<!-- This is a WordPress eXtended RSS file generated by bench/make_demo.py "
            "for Magtheme's demo site. -->"
        )
        self.w('<!-- generator="Magtheme" created="2025-05-11 09:00" -->')
        self.w(
            f'<rss version="2.0" xmlns:excerpt="{WXR_NS}excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{WXR_NS}">'
        )
        self.w("<channel>")
        self.w(f"\t<title>{escape(TITLE)}</title>")
        self.w(f"\t<link>{SITE_URL}</link>")
        self.w(f"\t<description>{escape(TAGLINE)}</description>")
        self.w("\t<pubDate>Sun, 11 May 2025 09:00:00 +0000</pubDate>")
        self.w("\t<language>en-GB</language>")
        self.w("\t<wp:wxr_version>1.2</wp:wxr_version>")
        self.w(f"\t<wp:base_site_url>{SITE_URL}</wp:base_site_url>")
        self.w(f"\t<wp:base_blog_url>{SITE_URL}</wp:base_blog_url>")
        for author_id, login, email, display, first, last, bio in AUTHORS:
            self.w(
                "\t<wp:author>"
                + element("wp:author_id", author_id)
                + element("wp:author_login", login)
                + element("wp:author_email", email)
                + element("wp:author_display_name", display)
                + element("wp:author_first_name", first)
                + element("wp:author_last_name", last)
                + element("wp:author_description", bio)
                + "</wp:author>"
            )
        for term_id, slug, name, parent, description in CATEGORIES:
            desc = element("wp:category_description", description) if description else ""
            self.w(
                "\t<wp:category>"
                + element("wp:term_id", term_id)
                + element("wp:category_nicename", slug)
                + element("wp:category_parent", parent)
                + element("wp:cat_name", name)
                + desc
                + "</wp:category>"
            )
        for name, term_id in TAG_IDS.items():
            self.w(
                "\t<wp:tag>"
                + element("wp:term_id", term_id)
                + element("wp:tag_slug", slugify(name))
                + element("wp:tag_name", name)
                + "</wp:tag>"
            )
        for menu_id, menu_slug, menu_name, _ in MENUS:
            self.w(
                "\t<wp:term>"
                + element("wp:term_id", menu_id)
                + element("wp:term_taxonomy", "nav_menu", raw=True)
                + element("wp:term_slug", menu_slug)
                + element("wp:term_name", menu_name)
                + "</wp:term>"
            )
        self.w("\t<generator>https://wordpress.org/?v=6.8</generator>")

    def item(
        self,
        post_id: int,
        *,
        title: str,
        slug: str,
        date: str,
        author: int,
        content: str,
        excerpt: str = "",
        status: str = "publish",
        post_type: str = "post",
        menu_order: int = 0,
        sticky: bool = False,
        terms: Sequence[tuple[str, str, str]] = (),
        meta: Sequence[tuple[str, str]] = (),
        comments: Sequence[Comment] = (),
        comment_status: str = "open",
    ) -> None:
        draft = status == "draft"
        if post_type == "page":
            link = f"{SITE_URL}/{slug}/"
        elif draft or post_type != "post":
            link = f"{SITE_URL}/?p={post_id}"
        else:
            link = f"{SITE_URL}/{date[:4]}/{date[5:7]}/{date[8:10]}/{slug}/"
        self.w("\t<item>")
        self.w(f"\t\t<title>{cdata(title)}</title>")
        self.w(f"\t\t<link>{escape(link)}</link>")
        self.w(f"\t\t<pubDate>{rfc2822(date)}</pubDate>")
        self.w(f"\t\t<dc:creator>{cdata(LOGINS[author])}</dc:creator>")
        self.w(f'\t\t<guid isPermaLink="false">{SITE_URL}/?p={post_id}</guid>')
        self.w("\t\t<description></description>")
        self.w(f"\t\t<content:encoded>{cdata(content)}</content:encoded>")
        self.w(f"\t\t<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>")
        self.w(f"\t\t<wp:post_id>{post_id}</wp:post_id>")
        self.w(f"\t\t<wp:post_date>{cdata(date)}</wp:post_date>")
        gmt = "0000-00-00 00:00:00" if draft else date
        self.w(f"\t\t<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>")
        self.w(f"\t\t<wp:comment_status>{cdata(comment_status)}</wp:comment_status>")
        ping = "closed" if post_type == "nav_menu_item" else "open"
        self.w(f"\t\t<wp:ping_status>{cdata(ping)}</wp:ping_status>")
        self.w(f"\t\t<wp:post_name>{cdata('' if draft else slug)}</wp:post_name>")
        self.w(f"\t\t<wp:status>{cdata(status)}</wp:status>")
        self.w("\t\t<wp:post_parent>0</wp:post_parent>")
        self.w(f"\t\t<wp:menu_order>{menu_order}</wp:menu_order>")
        self.w(f"\t\t<wp:post_type>{cdata(post_type)}</wp:post_type>")
        self.w(f"\t\t<wp:post_password>{cdata('')}</wp:post_password>")
        self.w(f"\t\t<wp:is_sticky>{1 if sticky else 0}</wp:is_sticky>")
        for domain, nicename, name in terms:
            self.w(
                f"\t\t<category domain={quoteattr(domain)} nicename={quoteattr(nicename)}>"
                f"{cdata(name)}</category>"
            )
        for key, value in meta:
            self.w(
                f"\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>{cdata(key)}</wp:meta_key>\n"
                f"\t\t\t<wp:meta_value>{cdata(value)}</wp:meta_value>\n\t\t</wp:postmeta>"
            )
        self.comments(date, comments)
        self.w("\t</item>")

    def comments(self, date: str, comments: Sequence[Comment]) -> None:
        """An item's comments, 23 minutes apart from its date; replies point back by index."""
        first_id = self.comment_id + 1
        start = datetime.strptime(date, "%Y-%m-%d %H:%M:%S")
        for index, (name, text, reply_to, approved) in enumerate(comments):
            self.comment_id += 1
            stamp = f"{start + (index + 1) * timedelta(minutes=23):%Y-%m-%d %H:%M:%S}"
            email = "".join(ch for ch in name.lower() if ch.isalpha() or ch == " ")
            parent_id = first_id + reply_to if reply_to is not None else 0
            user_id = next((a[0] for a in AUTHORS if a[3] == name), 0)
            self.w("\t\t<wp:comment>")
            for tag, value in (
                ("wp:comment_id", self.comment_id),
                ("wp:comment_author", name),
                ("wp:comment_author_email", email.replace(" ", ".") + "@example.com"),
                ("wp:comment_author_url", ""),
                ("wp:comment_author_IP", ""),
                ("wp:comment_date", stamp),
                ("wp:comment_date_gmt", stamp),
                ("wp:comment_content", text),
                ("wp:comment_approved", approved),
                ("wp:comment_type", "comment"),
                ("wp:comment_parent", parent_id),
                ("wp:comment_user_id", user_id),
            ):
                self.w(f"\t\t\t{element(tag, value)}")
            self.w("\t\t</wp:comment>")

    def article(self, post_id: int, article: Article) -> None:
        fields = article.fields
        categories = [c.strip() for c in fields["categories"].split(",")]
        tags = [t.strip() for t in fields.get("tags", "").split(",") if t.strip()]
        terms = [("category", c, category_name(c)) for c in categories]
        terms += [("post_tag", slugify(t), t) for t in tags]
        self.item(
            post_id,
            title=article.title,
            slug=fields.get("slug") or slugify(article.title),
            date=fields["date"],
            author=next(i for i, login in LOGINS.items() if login == fields["author"]),
            content="\n\n".join(article.paragraphs),
            excerpt=fields.get("excerpt", ""),
            status=fields.get("status", "publish"),
            sticky=fields.get("sticky") == "yes",
            terms=sorted(terms),
            comments=article.comments,
        )

    def menu_item(
        self,
        menu: tuple[int, str, str, int],
        order: int,
        *,
        kind: str,
        obj: str,
        object_id: int,
        **extra: Any,
    ) -> None:
        """The *order*-th ``nav_menu_item`` of *menu* (an entry of :data:`MENUS`), with
        WordPress's ``_menu_item_*`` meta."""
        post_id = menu[3] + order - 1
        meta = [
            ("_menu_item_type", kind),
            ("_menu_item_menu_item_parent", str(extra.get("parent", 0))),
            ("_menu_item_object_id", str(object_id)),
            ("_menu_item_object", obj),
            ("_menu_item_target", ""),
            ("_menu_item_classes", 'a:1:{i:0;s:0:"";}'),
            ("_menu_item_xfn", ""),
            ("_menu_item_url", extra.get("url", "")),
        ]
        self.item(
            post_id,
            title=extra.get("title", ""),
            slug=str(post_id),
            date="2025-03-30 12:30:00",
            author=1,
            content="",
            post_type="nav_menu_item",
            menu_order=order,
            meta=meta,
            comment_status="closed",
            terms=[("nav_menu", menu[1], menu[2])],
        )


def build() -> str:
    """The whole export, as text: pages, articles (oldest first), then the menus."""
    writer = Writer()
    writer.channel_head()
    for page in parse_blocks(PAGES_TEXT):
        post_id = int(page.fields["id"])
        writer.item(
            post_id,
            title=page.title,
            slug=page.fields["slug"],
            date="2025-03-30 12:00:00",
            author=1,
            content=page.body,
            post_type="page",
            menu_order=post_id - 1,
            comment_status="closed",
            meta=[("_wp_page_template", page.fields.get("template", "default"))],
        )
    for post_id, article in enumerate(parse_blocks(ARTICLES_TEXT), start=FIRST_ARTICLE_ID):
        writer.article(post_id, article)
    category_ids = {slug: term_id for term_id, slug, _, _, _ in CATEGORIES}
    main, footer, social = MENUS
    writer.menu_item(main, 1, kind="custom", obj="custom", object_id=main[3], title="Home", url="/")
    orders = {}
    for order, (slug, parent) in enumerate(MAIN_MENU_SECTIONS, start=2):
        orders[slug] = order
        writer.menu_item(
            main,
            order,
            kind="taxonomy",
            obj="category",
            object_id=category_ids[slug],
            parent=main[3] + orders[parent] - 1 if parent else 0,
        )
    writer.menu_item(main, len(MAIN_MENU_SECTIONS) + 2, kind="post_type", obj="page", object_id=2)
    for order, page_id in enumerate(FOOTER_PAGES, start=1):
        writer.menu_item(footer, order, kind="post_type", obj="page", object_id=page_id)
    for order, (title, url) in enumerate(SOCIAL_LINKS, start=1):
        writer.menu_item(
            social,
            order,
            kind="custom",
            obj="custom",
            object_id=social[3] + order - 1,
            title=title,
            url=url,
        )
    writer.w("</channel>")
    writer.w("</rss>")
    return "\n".join(writer.out) + "\n"


def main(argv: list[str]) -> int:
    text = build()
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run python bench/make_demo.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"Wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
