/**
 * The sweep commands: {@code locus sweep}, {@code status}, {@code resume}, {@code cancel}, and the two that launchers
 * start ({@code sweep-task}, {@code sweep-supervise}); thin over {@code dev.locus.sweep}.
 */
package dev.locus.cli.sweep;
