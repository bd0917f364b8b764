# Draws tutorial_a_loss_zoom.png from tutorial_a_loss.csv; run from this directory: gnuplot tutorial_a_loss_zoom.gp
set terminal pngcairo size 900,560 noenhanced
set output "tutorial_a_loss_zoom.png"
set datafile separator ','
set key autotitle columnhead top right box opaque
set grid
set title "The same, zoomed in: E_total creeps under the input-blind 0.9604"
set xlabel "epoch"
set ylabel "E_total (summed over the 4 rows)"
set yrange [0.9602:0.9606]
set logscale x
set format x '1e%L'
plot "tutorial_a_loss.csv" using 1:2 with lines title "double", \
     "tutorial_a_loss.csv" using 1:3 with lines title "50 digits", \
     "tutorial_a_loss.csv" using 1:4 with lines title "every output 0.5: 0.9604"
