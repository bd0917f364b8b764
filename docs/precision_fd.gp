# Draws precision_fd.png from precision_fd.csv; run from this directory: gnuplot precision_fd.gp
set terminal pngcairo size 900,560 noenhanced
set output "precision_fd.png"
set datafile separator ','
set key autotitle columnhead bottom right box opaque
set grid
set title "Finite differences of tutorial A's dE/dw1: relative error against the exact gradient"
set xlabel "step h"
set ylabel "relative error"
set logscale x
set format x '1e%L'
set logscale y
set format y '1e%L'
plot "precision_fd.csv" using 1:2 with linespoints title "forward, double", \
     "precision_fd.csv" using 1:3 with linespoints title "central, double", \
     "precision_fd.csv" using 1:4 with linespoints title "forward, 100 digits", \
     "precision_fd.csv" using 1:5 with linespoints title "central, 100 digits"
