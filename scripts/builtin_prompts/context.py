# ruff: noqa: E501  (prose: long string lines are the content)
"""Tasks that come with a short piece of context: a message, a table, a snippet
(hand-written for llem, Apache-2.0; all names and figures invented)."""

CONTEXT = [
    "Reply politely to this email, accepting the invitation but asking to move the time:\n\n"
    "Hi Sam, we'd love you to join our panel on community energy at the town hall on 12 May at 10am. "
    "It's a 45-minute discussion with questions from the audience. Could you let me know by Friday? "
    "Best, Leila",
    "Classify the sentiment of each review as positive, negative or mixed:\n\n"
    "1. The blender is powerful but so loud the dog leaves the room.\n"
    "2. Arrived early, works perfectly, would buy again.\n"
    "3. The lid cracked after a week and support never replied.\n"
    "4. Great soup, shame about the tiny portion.",
    "Here are monthly sales for a small shop (in pounds): January 4,200; February 3,900; March 5,100; "
    "April 5,600; May 6,300; June 6,100. Describe the trend, calculate the total and the monthly average, "
    "and suggest one possible reason for the change.",
    "This Python code raises an error. Explain why and fix it:\n\n"
    "prices = {'apple': 0.5, 'pear': 0.75}\n"
    "for fruit in prices:\n    if prices[fruit] > 0.6:\n        del prices[fruit]\nprint(prices)",
    "Extract the names, dates and amounts from this message into a table:\n\n"
    "Hi all, reminder that Priya paid 45 euros for the venue on 3 June, Jonas covered the cake (28 euros) "
    "on 5 June, and I bought the decorations for 17.50 euros on 4 June. Let's settle up on Saturday. — Ana",
    "Here is a short poem. Explain its meaning and the effect of its last line:\n\n"
    "The kettle sings, the window steams,\nthe street outside is grey;\n"
    "my mother's cup still on its hook,\nI make two cups today.",
    "My manager sent this message. Help me write a short, professional reply that pushes back on the "
    "deadline:\n\nHi, the client has asked for the full report by Wednesday instead of next Friday. "
    "Can you make that work? Thanks.",
    "Given this meeting note, write a to-do list with owners and due dates:\n\n"
    "Kim will book the venue by Monday. Raj to draft the invitation this week and send it to Lou for "
    "review. Lou needs to confirm catering numbers by the 20th. Everyone: send photos for the slideshow "
    "before the 25th.",
    "Convert this recipe from imperial to metric units:\n\n"
    "2 cups flour, 1 stick butter (4 oz), 3/4 cup sugar, 1 teaspoon baking powder, 1 cup milk, "
    "bake at 350°F for 25 minutes.",
    "This SQL query is slow on a table with 50 million rows. Suggest why and how to speed it up:\n\n"
    "SELECT * FROM events WHERE LOWER(user_email) = 'a@example.com' ORDER BY created_at DESC LIMIT 20;",
    "A friend wrote this in a group chat. Is the argument sound? Explain any flaws:\n\n"
    "'My grandfather smoked every day and lived to 95, so the idea that smoking shortens your life is "
    "obviously exaggerated.'",
    "Proofread this cover letter paragraph and list the changes you made:\n\n"
    "I am writting to apply for the position of assistant librarian, which I seen advertised on your "
    "website. I have three years experience in customer service and I am very organised, reliable and "
    "passionated about books.",
    "These are a runner's times for 5 km over six weeks, in minutes: 31:40, 30:55, 31:10, 29:48, 29:20, "
    "28:57. How much did she improve in total and on average per week? What pace per kilometre was her "
    "last run?",
    "Write a commit message for this change:\n\n"
    "- def load(path):\n-     return json.load(open(path))\n"
    "+ def load(path: Path) -> dict:\n+     with path.open(encoding='utf-8') as file:\n"
    "+         return json.load(file)",
    "Here is a customer's question to a bike shop. Write a helpful answer:\n\n"
    "'My chain keeps slipping when I pedal hard up hills, mostly in the smallest rear gears. The bike is "
    "about four years old and I ride to work every day. Is it dangerous, and what should I replace?'",
    "Turn this list of facts into a short, engaging paragraph for a museum label:\n\n"
    "- Bronze Age sword, about 3,000 years old\n- found in a river in 1987 by a boy fishing\n"
    "- bent on purpose before being thrown in the water\n- probably an offering to gods",
    "Decide which of these tasks are urgent, which are important, and in which order to do them:\n\n"
    "answer an email from a client about tomorrow's delivery; renew car insurance that expires in three "
    "weeks; prepare slides for a talk next month; fix a leaking tap; call the bank about a suspicious payment.",
    "Explain what this error message means and how to fix it:\n\n"
    "PermissionError: [Errno 13] Permission denied: '/var/log/myapp/output.log'",
    "Compare these two phone contracts and recommend one for someone who uses 8 GB of data a month:\n\n"
    "Plan A: 10 pounds a month, 5 GB data, 2 pounds per extra GB.\n"
    "Plan B: 15 pounds a month, 20 GB data, 24-month contract.",
    "Here is the abstract of a paper. Rewrite it for a general newspaper audience in three sentences:\n\n"
    "We measured nitrogen dioxide at 40 primary schools before and after the introduction of traffic-free "
    "'school streets' at drop-off times. Mean concentrations at the school gates fell by 23% during "
    "restricted hours, with no significant increase on surrounding roads.",
]
