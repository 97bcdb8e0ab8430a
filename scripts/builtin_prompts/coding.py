# ruff: noqa: E501  (prose: long string lines are the content)
"""Programming requests (hand-written for llem, Apache-2.0)."""

CODE = [
    "Write a Python function that checks whether a string is a palindrome, ignoring case and punctuation.",
    "Write a SQL query that returns the ten customers with the highest total order value from tables "
    "customers(id, name) and orders(id, customer_id, amount).",
    "Explain what this Python code does and how to make it faster:\n\n"
    "result = []\nfor i in range(len(items)):\n    if items[i] not in result:\n        result.append(items[i])",
    "Write a JavaScript function that debounces another function by a given number of milliseconds.",
    "Write a bash one-liner that counts the lines of every .py file in a directory tree and prints the total.",
    "Implement binary search in C and explain how you avoid integer overflow when computing the midpoint.",
    "Write a Python class for a simple bank account with deposit, withdraw and balance methods; "
    "withdrawing more than the balance should raise an exception.",
    "What is the difference between a process and a thread? Give an example of when to use each.",
    "Write a regular expression that matches UK postcodes and explain each part of it.",
    "Write a Rust function that returns the n-th Fibonacci number using iteration and u128.",
    "Find the bug in this Python function:\n\n"
    "def average(numbers):\n    total = 0\n    for n in numbers:\n        total += n\n    return total / len(numbers) - 1",
    "Write a Dockerfile for a small Flask application that listens on port 8000.",
    "Explain Big-O notation with examples of O(1), O(log n), O(n) and O(n^2) operations.",
    "Write a Python script that reads a CSV file of temperatures and prints the daily minimum, maximum and mean.",
    "Write a Go HTTP handler that returns the current server time as JSON.",
    "Explain the difference between `git merge` and `git rebase`, and when you would prefer each.",
    "Write a function in TypeScript that groups an array of objects by the value of a given key.",
    "Write unit tests with pytest for a function `slugify(title: str) -> str` that lowercases a title "
    "and replaces runs of non-alphanumeric characters with single hyphens.",
    "How do I reverse a linked list in place? Show the algorithm in Python.",
    "Write a Python generator that yields the prime numbers below a given limit using the sieve of Eratosthenes.",
    "Explain what a race condition is and show a small Python example with threads that has one, then fix it.",
    "Write a SQL statement that creates a table for blog posts with an id, title, body, author and creation time.",
    "Convert this Python loop into a list comprehension:\n\n"
    "squares = []\nfor x in range(20):\n    if x % 3 == 0:\n        squares.append(x * x)",
    "Write a function that merges two sorted lists into one sorted list in linear time.",
    "Explain what REST means and design the endpoints of a simple to-do list API.",
    "Write a shell script that backs up a directory into a dated tar.gz archive and deletes archives "
    "older than 30 days.",
    "What does the `yield` keyword do in Python? Give a short example.",
    "Write a C++ function template that returns the maximum element of a std::vector, and handle the empty case.",
    "Write a Python function that validates an email address well enough for a sign-up form, and explain its limits.",
    "Explain the difference between a list and a tuple in Python, with one use case for each.",
    "Write a Java method that counts how often each word appears in a string and returns a map.",
    "Explain how a hash table handles collisions, comparing chaining with open addressing.",
    "Write a Python decorator that retries a function up to three times if it raises an exception, "
    "waiting one second between attempts.",
    "Write an HTML page with a form that asks for a name and an email address, with basic validation.",
    "Explain what memoisation is and apply it to a recursive function that counts the ways to climb n stairs "
    "taking one or two steps at a time.",
    "Write a Python function that flattens an arbitrarily nested list of integers.",
    "Explain the CAP theorem and what it means for choosing a database.",
    "Write a small command-line tool in Python using argparse that converts kilometres to miles and back.",
    "Review this function and suggest improvements to naming and structure:\n\n"
    "def f(a, b):\n    c = []\n    for x in a:\n        if x in b:\n            c.append(x)\n    return c",
    "Write a Python function that returns the longest common prefix of a list of strings.",
]
