/** What run records measure about the machine while they run: other processes' load, this process's peak memory. */
package dev.locus.model.bench;
