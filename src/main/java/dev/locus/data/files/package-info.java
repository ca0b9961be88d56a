/**
 * The files a user points Locus at: Sports Facts CSV, CounterFact JSON, question files and prompt-format files,
 * read strictly (every problem one line naming the file, the line or record and the field) and written back.
 * Imports {@code core}, {@code data} and {@code model}.
 */
package dev.locus.data.files;
