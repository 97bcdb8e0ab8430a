# ruff: noqa: E501  (prose: long string lines are the content)
"""Maths word problems and reasoning puzzles (hand-written for llem, Apache-2.0)."""

REASONING = [
    "A train leaves at 9:40 and arrives at 13:15. How long is the journey in minutes?",
    "A shop sells pencils at 3 for 45 pence. How much do 14 pencils cost?",
    "If a rectangle has a perimeter of 36 cm and its length is twice its width, what is its area?",
    "Sarah is twice as old as her brother. In six years she will be one and a half times his age. "
    "How old are they now?",
    "A recipe for 4 people needs 300 g of flour. How much flour is needed for 10 people?",
    "A car uses 6.5 litres of fuel per 100 km. How much fuel does it need for a 340 km trip?",
    "What is 15% of 240, and what is 240 increased by 15%?",
    "A bag has 5 red, 3 blue and 2 green marbles. If I draw two marbles without replacement, what is "
    "the probability that both are red?",
    "Three friends share a bill of 87 euros. One pays 10 euros more than each of the other two, who pay "
    "equal amounts. How much does each pay?",
    "A tank fills in 6 hours with pipe A and in 4 hours with pipe B. How long does it take with both pipes open?",
    "Solve for x: 3x + 7 = 2x - 5 + 4x.",
    "The average of five numbers is 18. Four of them are 12, 20, 15 and 22. What is the fifth number?",
    "A bat and a ball cost 1.10 dollars in total. The bat costs 1.00 dollar more than the ball. "
    "How much does the ball cost? Explain why the intuitive answer is wrong.",
    "If all bloops are razzies and all razzies are lazzies, are all bloops definitely lazzies? Explain.",
    "A clock shows 3:15. What is the angle between the hour hand and the minute hand?",
    "A farmer has chickens and cows. There are 30 heads and 74 legs. How many of each animal are there?",
    "What is the sum of all integers from 1 to 200?",
    "A price is reduced by 20% and then the new price is increased by 20%. Is the final price the same as "
    "the original? Show the calculation.",
    "A cyclist rides 24 km at 16 km/h and then 24 km at 24 km/h. What is her average speed for the whole trip?",
    "In a class of 32 students, 18 play football, 14 play tennis and 6 play both. How many play neither?",
    "Which is larger: 2^30 or 10^9? Explain without a calculator.",
    "A ladder 5 metres long leans against a wall with its foot 3 metres from the wall. How high up the wall "
    "does it reach?",
    "I have two coins that add up to 30 cents, and one of them is not a nickel. What are the coins?",
    "If it takes 5 machines 5 minutes to make 5 widgets, how long would 100 machines take to make 100 widgets?",
    "A snail climbs 3 metres up a 10-metre well each day and slips back 2 metres each night. On which day "
    "does it reach the top?",
    "Convert the binary number 101101 to decimal and to hexadecimal.",
    "A bank account pays 4% interest per year, compounded annually. How much will 2,500 pounds be worth "
    "after 3 years?",
    "There are 4 people in a room and each shakes hands with every other person once. How many handshakes "
    "are there? What about 12 people?",
    "A rope is cut into two pieces in the ratio 3:5. The longer piece is 45 cm. How long was the rope?",
    "Tom finishes a job in 8 days and Ana finishes the same job in 12 days. They work together for 3 days, "
    "then Tom leaves. How many more days does Ana need?",
    "Is 221 a prime number? Explain how you checked.",
    "A map has a scale of 1:25,000. Two villages are 7.4 cm apart on the map. How far apart are they in "
    "kilometres?",
    "Five runners finish a race. Alice finishes before Ben but after Chloe. Dan finishes last. Eve "
    "finishes before Chloe. In what order did they finish?",
    "Find the next number in the sequence 2, 6, 12, 20, 30, ... and explain the pattern.",
    "A phone plan costs 12 dollars a month plus 5 cents per text. Another costs 20 dollars a month with "
    "unlimited texts. For how many texts per month is the second plan cheaper?",
    "The length of a square's side is increased by 10%. By what percentage does its area increase?",
    "A box contains 12 eggs, of which 3 are cracked. If you pick 4 eggs at random, what is the probability "
    "that none of them is cracked?",
    "If today is Wednesday, what day of the week will it be in 100 days?",
    "Estimate how many piano tuners work in a city of one million people, and explain each assumption.",
    "A water bill charges 1.80 per cubic metre for the first 10 cubic metres and 2.40 for every cubic metre "
    "after that. What is the bill for 23 cubic metres?",
]
