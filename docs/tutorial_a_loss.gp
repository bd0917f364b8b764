# Draws tutorial_a_loss.png from tutorial_a_loss.csv; run from this directory: gnuplot tutorial_a_loss.gp
set terminal pngcairo size 900,560 noenhanced
set output "tutorial_a_loss.png"
set datafile separator ','
set key autotitle columnhead top right box opaque
set grid
set title "Tutorial A trained right: SGD row by row, eta = 0.3, its 4 rows (epoch 0: 1.1254)"
set xlabel "epoch"
set ylabel "E_total (summed over the 4 rows)"
set logscale x
set format x '1e%L'
plot "tutorial_a_loss.csv" using 1:2 with lines title "double", \
     "tutorial_a_loss.csv" using 1:3 with lines title "50 digits", \
     "tutorial_a_loss.csv" using 1:4 with lines title "every output 0.5: 0.9604"
